export const isolationScript = String.raw`
function dbplayDraw(data, picture, extra) { return { show: function () {} }; }
`;
