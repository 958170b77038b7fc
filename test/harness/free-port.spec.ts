import { readFileSync } from 'fs';
import * as net from 'net';
import { claimPort, freePort } from './free-port';

const ephemeralStart = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);

describe('freePort', () => {
  it('hands out distinct bindable ports below the range outgoing connections take theirs from', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    expect(new Set(ports).size).toBe(20);
    for (const port of ports) expect(port).toBeLessThan(ephemeralStart);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(ports[0], '127.0.0.1', resolve));
    expect(await claimPort(ports[0])).toBe(false); // handed out already, and bound now
    await new Promise((resolve) => server.close(resolve));
  });

  it('keeps under a cap, leaving room for a companion port', async () => {
    for (let i = 0; i < 10; i++) expect(await freePort({ below: 22_768 })).toBeLessThan(22_768);
  });

  it('does not claim a port something listens on', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    expect(await claimPort((server.address() as net.AddressInfo).port)).toBe(false);
    await new Promise((resolve) => server.close(resolve));
  });
});
