import { afterEach, describe, expect, it } from 'vitest';
import { redact } from '../../src/redact/redact.js';
import { clearSecretsForTest, registerSecret } from '../../src/redact/secrets.js';

afterEach(() => clearSecretsForTest());

describe('redaction', () => {
  it.each([
    ["<graphics type='vnc' port='5900' autoport='yes' listen='0.0.0.0' passwd='Vnc@2023'>", "<graphics type='vnc' port='5900' autoport='yes' listen='0.0.0.0' passwd='******'>"],
    ['<graphics type="spice" passwd="s3cr3t" autoport="yes"/>', '<graphics type="spice" passwd="******" autoport="yes"/>'],
    ['password = Cloud@123', 'password = ******'],
    ['  db.password=Cloud@123', '  db.password=******'],
    ['MYSQL_ROOT_PASSWORD: topsecret', 'MYSQL_ROOT_PASSWORD: ******'],
    ['  2001 mysql -uroot -pCloud@123 -e show databases', '  2001 mysql -uroot -p****** -e show databases'],
    ['java -jar x.jar --password hunter2 --port 1', 'java -jar x.jar --password ****** --port 1'],
    ['amqp://cloud:Cas@2019@127.0.0.1:5672/', 'amqp://cloud:******@127.0.0.1:5672/'],
    ['Jun  7 10:38:01 cvk app[12]: connecting db.password=Cloud@123 user=root', 'Jun  7 10:38:01 cvk app[12]: connecting db.password=****** user=root'],
    ['GET /login?user=admin&token=abc123def HTTP/1.1', 'GET /login?user=admin&token=****** HTTP/1.1'],
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves ordinary output alone', () => {
    const s = 'PasswordAuthentication yes\nPermission denied (publickey,password).\nmpatha (36000eb34fe49de76000000000004064) dm-0';
    expect(redact(s)).toBe(s);
  });

  it('leaves configuration keys alone that only contain a secret word', () => {
    for (const s of ['token_bucket_size = 4096', 'passwordless_login: yes', 'secret_count=3']) expect(redact(s)).toBe(s);
    expect(redact('auth_token = abc')).toBe('auth_token = ******');
    expect(redact('client_secret: xyz')).toBe('client_secret: ******');
  });

  it('masks structural secrets whatever their length', () => {
    expect(redact("<graphics type='vnc' passwd='1'/>")).toBe("<graphics type='vnc' passwd='******'/>");
    expect(redact('password=ab')).toBe('password=******');
  });

  it('does not mask a short password in free text: it would wipe paths and digits', () => {
    registerSecret('vms');
    registerSecret('1');
    const s = '/dev/sdb on /vms/FC-St type ocfs2 (rw)\nRX errors 1 dropped 10';
    expect(redact(s)).toBe(s);
  });

  it('masks secrets usdiag was given wherever a host echoes them', () => {
    registerSecret('Pa55w0rd!');
    expect(redact('login with Pa55w0rd! failed')).toBe('login with ****** failed');
  });
});
