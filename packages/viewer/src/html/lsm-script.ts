export const lsmScript = String.raw`
function dbplayDraw(data, picture, extra) { return { show: function () {} }; }
`;
