// EMULATED gateways (last resort, see README): answers exactly like
//   - Kong Gateway's key-auth plugin when no API key is sent (/kong/...)
//   - AWS API Gateway with a Lambda/Cognito authorizer refusing a token (/aws/...)
// Header names and bodies follow those products' documented answers. Plain
// node:http, so no Server/X-Powered-By header of its own is added.
import http from 'node:http';
import crypto from 'node:crypto';
const port = Number(process.argv[2]);
http.createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname === '/' ) {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    return res.end('<!doctype html><title>shop</title><h1>shop front</h1>');
  }
  if (url.pathname.startsWith('/kong/')) {
    const body = req.headers['apikey'] ? '{\n  "message":"Unauthorized"\n}' : '{\n  "message":"No API key found in request"\n}';
    res.writeHead(401, {
      'Date': new Date().toUTCString(),
      'Content-Type': 'application/json; charset=utf-8',
      'Connection': 'keep-alive',
      'WWW-Authenticate': 'Key realm="kong"',
      'Content-Length': Buffer.byteLength(body),
      'X-Kong-Response-Latency': '1',
      'Server': 'kong/3.6.1',
      'X-Kong-Request-Id': crypto.randomBytes(16).toString('hex'),
    });
    return res.end(body);
  }
  if (url.pathname.startsWith('/aws/')) {
    const body = '{"message":"Unauthorized"}';
    res.writeHead(401, {
      'Date': new Date().toUTCString(),
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
      'Connection': 'keep-alive',
      'x-amzn-RequestId': crypto.randomUUID(),
      'x-amzn-ErrorType': 'UnauthorizedException',
      'x-amz-apigw-id': crypto.randomBytes(6).toString('base64').replace(/[+/=]/g, 'A') + '=',
    });
    return res.end(body);
  }
  res.writeHead(404); res.end();
}).listen(port, '127.0.0.1', () => console.log(`gateway emulator on ${port}`));
