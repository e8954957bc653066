// A minimal Scrip webhook receiver with signature verification, using only Node's standard library.
//
//   SCRIP_WEBHOOK_SECRET=whsec_… node examples/webhook-receiver.mjs   (listens on PORT, default 4000)
//
// Register it with: POST /v1/webhooks {"url": "http://127.0.0.1:4000/scrip", "event_types": ["*"]}
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const SECRET = process.env.SCRIP_WEBHOOK_SECRET;
const TOLERANCE_S = 300;
if (!SECRET) throw new Error('set SCRIP_WEBHOOK_SECRET to the whsec_… secret shown when the endpoint was created');

/** True when one of the header's v1 signatures is HMAC-SHA256(secret, "<t>.<raw body>") and t is recent. */
export function verifyScripSignature(header, rawBody, secret, nowS = Math.floor(Date.now() / 1000)) {
  if (typeof header !== 'string') return false;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = Number(parts.find(([key]) => key === 't')?.[1]);
  if (!Number.isInteger(t) || Math.abs(nowS - t) > TOLERANCE_S) return false;
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`, 'utf8').digest();
  return parts
    .filter(([key, value]) => key === 'v1' && /^[0-9a-f]{64}$/.test(value ?? ''))
    .some(([, value]) => timingSafeEqual(Buffer.from(value, 'hex'), expected));
}

const seen = new Set(); // use a database table in real life: deliveries are at-least-once

createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const rawBody = Buffer.concat(chunks).toString('utf8'); // verify the exact bytes, before JSON.parse
    if (!verifyScripSignature(request.headers['scrip-signature'], rawBody, SECRET)) {
      response.writeHead(400).end('bad signature');
      return;
    }
    const event = JSON.parse(rawBody);
    if (!seen.has(event.id)) {
      seen.add(event.id);
      console.log(`${event.created_at} ${event.type} ${event.id}`, event.data);
    }
    response.writeHead(204).end(); // answer 2xx quickly; do slow work after answering
  });
}).listen(Number(process.env.PORT ?? 4000), '127.0.0.1');
