// Imported first by the executor's entries, before anything they load: the apps' policy findings
// and acknowledgements are located on the line of TypeScript that made the construct, as
// `node --enable-source-maps app/lib/main.js` locates them. Modules compiled before this call
// would keep their JavaScript positions.
process.setSourceMapsEnabled(true);
