// The benchmark's server, run as a child process so that its work does not share the measuring process's event loop.
// Answers every request with one terminal session from the spec's examples; tells its port, the body's size and the
// session's id to the parent over IPC.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { openapiJsonPath } from '@dojo-terminals/spec';

const spec = JSON.parse(readFileSync(openapiJsonPath, 'utf8'));
const examples = spec.paths['/terminal-sessions/{terminalSessionId}'].get.responses['200'].content['application/json'].examples;
const first = Object.values(examples)[0];
const session = first.$ref ? spec.components.examples[first.$ref.split('/').pop()].value : first.value;
const body = JSON.stringify(session);

const server = createServer((request, response) => {
  request.resume();
  request.on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end(body));
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port, bytes: Buffer.byteLength(body), id: session.id }));
process.on('disconnect', () => server.close(() => process.exit(0)));
