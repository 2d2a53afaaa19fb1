/**
 * An AWS endpoint on loopback that records every request and answers each with an error, so a
 * command pointed at it (`AWS_ENDPOINT_URL`) can touch nothing. `node lib/recording-endpoint.js
 * <log file>`: prints the port once listening; appends one JSON line per request to the log.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';

const log = process.argv[2];
const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    // Query protocol (CloudFormation, SQS…): Action=…; JSON protocols name the operation in X-Amz-Target.
    const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body)?.[1] ?? String(req.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
    fs.appendFileSync(log, JSON.stringify({ method: req.method, url: req.url, action }) + '\n');
    res.writeHead(400, { 'content-type': 'text/xml' });
    res.end('<ErrorResponse><Error><Type>Sender</Type><Code>RecordingEndpoint</Code>' +
      '<Message>the benchmark endpoint records calls and serves none</Message></Error></ErrorResponse>');
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${typeof address === 'object' && address ? address.port : ''}\n`);
});
