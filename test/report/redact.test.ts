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
  ])('masks %s', (input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it('leaves ordinary output alone', () => {
    const s = 'PasswordAuthentication yes\nPermission denied (publickey,password).\nmpatha (36000eb34fe49de76000000000004064) dm-0';
    expect(redact(s)).toBe(s);
  });

  it('masks secrets usdiag was given wherever a host echoes them', () => {
    registerSecret('Pa55w0rd!');
    expect(redact('login with Pa55w0rd! failed')).toBe('login with ****** failed');
  });
});
