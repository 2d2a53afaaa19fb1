/**
 * An AWS endpoint on loopback that records every request. `node lib/recording-endpoint.js <log file>
 * [upstream]`: prints the port once listening; appends one JSON line per request to the log. With an
 * upstream (the local emulator), each request is forwarded to it and its answer returned; without,
 * each is answered with an error, so a command pointed at it (`AWS_ENDPOINT_URL`) can touch nothing.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

const [log, upstream] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    // Query protocol (CloudFormation, SQS…): Action=…; JSON protocols name the operation in X-Amz-Target.
    const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1] ?? String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    fs.appendFileSync(log, JSON.stringify({ method: req.method, url: req.url, action }) + '\n');
    if (!upstream) {
      res.writeHead(400, { 'content-type': 'text/xml' });
      res.end('<ErrorResponse><Error><Type>Sender</Type><Code>RecordingEndpoint</Code>' +
        '<Message>the benchmark endpoint records calls and serves none</Message></Error></ErrorResponse>');
      return;
    }
    const forward = http.request(new URL(req.url ?? '/', upstream), { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    forward.on('error', (err) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`the upstream ${upstream} did not answer: ${err.message}`);
    });
    forward.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : ''}\n`);
});
