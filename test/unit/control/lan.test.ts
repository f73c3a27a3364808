import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { lanAddresses } from '../../../src/control/lan.js';

function v4(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: '255.255.255.0', family: 'IPv4', mac: '00:00:00:00:00:00', internal, cidr: `${address}/24` };
}
function v6(address: string, internal = false): NetworkInterfaceInfo {
  return { address, netmask: 'ffff:ffff:ffff:ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal, cidr: `${address}/64`, scopeid: 0 };
}

const interfaces = {
  lo: [v4('127.0.0.1', true), v6('::1', true)],
  eth0: [v4('192.168.1.20'), v6('fe80::1'), v6('fd00::20')],
  wlan0: [v4('10.0.0.7')],
};

describe('lanAddresses', () => {
  it('lists external IPv4 addresses for 0.0.0.0 and skips loopback', () => {
    expect(lanAddresses({ host: '0.0.0.0', port: 9000, path: '/', interfaces })).toEqual([
      'http://192.168.1.20:9000/',
      'http://10.0.0.7:9000/',
    ]);
  });

  it('adds bracketed IPv6 (no link-local) for ::, IPv4 first', () => {
    expect(lanAddresses({ host: '::', port: 9000, path: '/signal', secure: true, interfaces })).toEqual([
      'https://192.168.1.20:9000/signal',
      'https://10.0.0.7:9000/signal',
      'https://[fd00::20]:9000/signal',
    ]);
  });

  it('falls back to loopback when nothing else exists', () => {
    expect(lanAddresses({ host: '0.0.0.0', port: 1234, path: '/', interfaces: { lo: [v4('127.0.0.1', true)] } })).toEqual([
      'http://127.0.0.1:1234/',
    ]);
  });

  it('uses the bind address itself when it is a specific one', () => {
    expect(lanAddresses({ host: '192.168.1.20', port: 9000, path: '/', interfaces })).toEqual(['http://192.168.1.20:9000/']);
  });

  it('works against the real interfaces of this machine', () => {
    const list = lanAddresses({ host: '0.0.0.0', port: 9000, path: '/' });
    expect(list.length).toBeGreaterThan(0);
    for (const url of list) expect(() => new URL(url)).not.toThrow();
  });
});
