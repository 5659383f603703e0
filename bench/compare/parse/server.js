// Parse Server for bench/compare, started by ../run.sh: node server.js PORT DATABASE_URL.
// The app id is "bench"; the master key is only used by the bench to create the schema (classes, CLPs, indexes).
// No ./logs folder (Parse's default logger reads this when loaded): errors go to stderr, the run's log.
process.env.PARSE_SERVER_LOGS_FOLDER = 'null';
const { ParseServer } = require('parse-server');

const [port, databaseURI] = process.argv.slice(2);
if (!port || !databaseURI) {
  console.error('usage: node server.js PORT DATABASE_URL');
  process.exit(2);
}
ParseServer.startApp({
  appId: 'bench',
  masterKey: 'bench-master-key',
  masterKeyIps: ['127.0.0.1', '::1'],
  databaseURI,
  port: Number(port),
  host: '127.0.0.1',
  mountPath: '/parse',
  serverURL: `http://127.0.0.1:${port}/parse`,
  allowClientClassCreation: false,
  logLevel: 'error',
  logsFolder: null,
}).then(
  () => console.log(`Parse listening on http://127.0.0.1:${port}/parse`),
  (e) => { console.error(e); process.exit(1); });
