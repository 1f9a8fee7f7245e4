// One HTTP request on a new connection, for readiness and cold-start polling.
import * as http from 'node:http';

export interface Answer {
  status: number;
  body: string;
}

export interface Probe {
  method: 'GET' | 'POST';
  path: string;
  body?: Buffer;
  /** Whether an answer is the right one (a wrong answer fails the benchmark). */
  accepts(answer: Answer): boolean;
}

export function send(port: number, probe: Probe): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = probe.body ? { 'Content-Type': 'application/json', 'Content-Length': probe.body.length } : {};
    const request = http.request({ host: '127.0.0.1', port, method: probe.method, path: probe.path, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      response.on('error', reject);
    });
    request.on('error', reject);
    request.end(probe.body);
  });
}
