// Node-RED settings for the flow benchmark of run-benchmarks.sh: loopback only, no editor.
module.exports = {
    uiHost: "127.0.0.1",
    uiPort: Number(process.env.NODE_RED_PORT || 1880),
    flowFile: process.env.NODE_RED_FLOW,
    disableEditor: true,
    credentialSecret: false,
    httpRequestTimeout: 120000,
    logging: { console: { level: "warn", metrics: false, audit: false } },
};
