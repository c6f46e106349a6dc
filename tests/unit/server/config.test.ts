import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../server/config.js';

describe('configuration from the environment', () => {
  it('has defaults that need no configuration at all', () => {
    const config = loadConfig({}, '/srv/confide');
    expect(config.host).toBe('127.0.0.1');
    expect(config.port).toBe(3000);
    expect(config.publicUrl.href).toBe('http://127.0.0.1:3000/');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe('/srv/confide/data');
  });

  it('derives the public URL from HOST and PORT unless PUBLIC_URL is given', () => {
    expect(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl.href).toBe('http://0.0.0.0:8080/');
    expect(loadConfig({ PUBLIC_URL: 'https://report.example.org' }).publicUrl.protocol).toBe('https:');
    // PORT=0: the port is chosen when listening, and only a derived address follows it.
    expect(loadConfig({ PORT: '0' }).publicUrlFollowsPort).toBe(true);
    expect(loadConfig({ PORT: '0', PUBLIC_URL: 'https://report.example.org' }).publicUrlFollowsPort).toBe(
      false,
    );
    expect(loadConfig({ PORT: '8080' }).publicUrlFollowsPort).toBe(false);
  });

  it('resolves CONFIDE_DATA_DIR against the working directory', () => {
    expect(loadConfig({ CONFIDE_DATA_DIR: 'state' }, '/srv/confide').dataDir).toBe('/srv/confide/state');
    expect(loadConfig({ CONFIDE_DATA_DIR: '/var/lib/confide' }, '/x').dataDir).toBe('/var/lib/confide');
  });

  it.each([
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535'],
    [{ PORT: '3e3' }, 'PORT must be a whole number'],
    [{ PORT: '-1' }, 'PORT must be a whole number'],
    [{ PUBLIC_URL: 'not a url' }, 'PUBLIC_URL must be an absolute URL'],
    [{ PUBLIC_URL: 'javascript:alert(1)' }, 'PUBLIC_URL must start with http:// or https://'],
    [{ PUBLIC_URL: 'https://x.org/?a=1' }, 'PUBLIC_URL must be a plain origin'],
    [{ DATABASE_URL: 'mysql://localhost/db' }, 'DATABASE_URL must start with postgres://'],
    [{ DATABASE_URL: '::::' }, 'DATABASE_URL must be a URL'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL must be one of'],
    [{ HOST: 'bad host!' }, 'HOST must be a host name or IP address'],
    [{ CONFIDE_DATA_DIR: 'a\0b' }, 'CONFIDE_DATA_DIR must be a path'],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('takes CONFIDE_SHUTDOWN_GRACE_SECONDS, 8 by default, 0 for no grace at all', () => {
    expect(loadConfig({}).shutdownGraceSeconds).toBe(8);
    expect(loadConfig({ CONFIDE_SHUTDOWN_GRACE_SECONDS: '0' }).shutdownGraceSeconds).toBe(0);
    expect(loadConfig({ CONFIDE_SHUTDOWN_GRACE_SECONDS: ' 25 ' }).shutdownGraceSeconds).toBe(25);
    expect(loadConfig({ CONFIDE_SHUTDOWN_GRACE_SECONDS: '' }).shutdownGraceSeconds).toBe(8);
    for (const bad of ['-1', '2.5', '3601', 'soon', '1e3']) {
      expect(() => loadConfig({ CONFIDE_SHUTDOWN_GRACE_SECONDS: bad }), bad).toThrow(
        `CONFIDE_SHUTDOWN_GRACE_SECONDS must be a whole number from 0 to 3600, got "${bad}"`,
      );
    }
  });

  it('reports every bad variable at once', () => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' });
      expect.unreachable('loadConfig accepted bad values');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
    }
  });
});

describe('TRUST_PROXY', () => {
  it('trusts no proxy unless told to, so X-Forwarded-For cannot be used to spoof a client', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: 'OFF' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '0' }).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
  });

  it('takes a number of hops', () => {
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10' }).trustProxy).toBe(10);
  });

  it('takes a comma-separated list of proxy addresses and CIDR ranges, IPv4 and IPv6', () => {
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1,10.0.0.0/8' }).trustProxy).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ]);
    expect(loadConfig({ TRUST_PROXY: ' ::1 , fd00::/8,192.168.1.10/32 ' }).trustProxy).toEqual([
      '::1',
      'fd00::/8',
      '192.168.1.10/32',
    ]);
  });

  it.each([
    'true',
    'on',
    '11',
    '-1',
    '1.5',
    'proxy.internal',
    'loopback',
    '127.0.0.1,',
    '127.0.0.1;10.0.0.1',
    '10.0.0.0/0',
    '10.0.0.0/33',
    '10.0.0.0/8/8',
    '10.0.0.0/x',
    '::/0',
    'fd00::/129',
    'fe80::1%eth0',
    '256.0.0.1',
  ])('refuses %j with a message naming the variable', (value) => {
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(ConfigError);
    expect(() => loadConfig({ TRUST_PROXY: value })).toThrow(
      `TRUST_PROXY must be off, a number of proxy hops`,
    );
  });
});
