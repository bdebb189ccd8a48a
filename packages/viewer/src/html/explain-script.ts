export const explainScript = String.raw`
function dbplayDraw(data, picture, extra) { return { show: function () {} }; }
`;
