import { describe, expect, it } from 'vitest';
import { parseWrk } from './load-client.ts';

// wrk 4.1's report with --latency, as it prints it (numbers from a real run, errors added).
const REPORT = `Running 10s test @ http://127.0.0.1:3100/api/biometrics/verify
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    43.94ms   26.98ms    1.25s    87.18%
    Req/Sec   192.81     57.61   292.00     71.00%
  Latency Distribution
     50%  950.00us
     75%   51.73ms
     90%   72.83ms
     99%    1.25s
  1925 requests in 10.02s, 1.99MB read
  Socket errors: connect 0, read 2, write 0, timeout 3
  Non-2xx or 3xx responses: 7
Requests/sec:    192.07
Transfer/sec:    202.94KB
`;

describe('parseWrk', () => {
  it('reads the totals, the percentiles in their units and every kind of error', () => {
    expect(parseWrk(REPORT)).toEqual({ requestsPerSecond: 192.07, p50Ms: 1, p99Ms: 1250, errors: 12, total: 1925 });
  });

  it('counts no errors when wrk reports none', () => {
    const clean = REPORT.replace(/ {2}Socket errors.*\n/, '').replace(/ {2}Non-2xx.*\n/, '');
    expect(parseWrk(clean).errors).toBe(0);
  });

  it('refuses a report without the latency distribution instead of printing zeros', () => {
    expect(() => parseWrk(REPORT.replace(/ {5}99%.*\n/, ''))).toThrow(/99th percentile/);
  });
});
