/**
 * `npm run demo`: starts a simulated Usphere cluster (one VMS, three VKS)
 * on loopback SSH servers with seeded faults, and scans it with the real CLI
 * over real SSH, the way an engineer would scan a customer's cluster.
 * Arguments are passed on to `usdiag scan` (e.g. --lang zh, --format json).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../cli/main.js';
import { processIO, quietOnClosedPipe } from '../cli/io.js';
import { detectLang, text } from '../i18n/text.js';
import { packageRoot } from '../paths.js';
import { startSimCluster } from '../sim/index.js';

const FAULTS = [
  text('cvknode13 holds an OCFS2 lock (dd stuck in D state); cvknode11 and cvknode12 hang on /vms/IPsan-St-001', 'cvknode13 持有 OCFS2 锁（dd 卡在 D 状态），cvknode11 和 cvknode12 在 /vms/IPsan-St-001 上阻塞'),
  text('cvknode11: LACP negotiation of vswitch0_bond failed (lacp_status: configured)', 'cvknode11：vswitch0_bond 的 LACP 协商失败（lacp_status: configured）'),
  text('cvknode12: one multipath path failed; VM mzgk has a corrupt qcow2 image', 'cvknode12：一条多路径失效；虚拟机 mzgk 的 qcow2 镜像损坏'),
  text('vms01: its NIC drops frames right now', 'vms01：网卡正在丢包'),
  text('vms01: the files of the vservice database belong to root, MariaDB does not start', 'vms01：vservice 数据库文件的属主变成了 root，MariaDB 无法启动'),
  text('cvknode12: another device (a VM NIC, MAC 0c:da:41:1d:6e:2b) answers for its address 172.16.51.12', 'cvknode12：另一台设备（虚拟机网卡，MAC 0c:da:41:1d:6e:2b）在应答它的地址 172.16.51.12'),
  text('cvknode13: a Hygon C86 7280 host; its CentOS 6.8 VM centos-db runs in host-model CPU mode with rdrand not disabled', 'cvknode13：海光 C86 7280 主机；其上的 CentOS 6.8 虚拟机 centos-db 使用 host-model CPU 模式且未禁用 rdrand'),
];

const args = process.argv.slice(2);
// `npm run demo | head`: the scan's report was cut; end quietly (exit 141), like usdiag itself.
quietOnClosedPipe(['scan', ...args]);
const langArg = args.indexOf('--lang');
const lang = langArg >= 0 && args[langArg + 1] === 'zh' ? 'zh' : langArg >= 0 ? 'en' : detectLang();
const dir = join(packageRoot(), 'fixtures', 'demo');
const cluster = await startSimCluster(readdirSync(dir).sort().map((name) => ({ profileDir: join(dir, name) })));
const io = processIO();
io.stderr.write(
  `${lang === 'zh' ? 'usdiag 演示：模拟的 Usphere 集群' : 'usdiag demo: a simulated Usphere cluster'} ` +
    `(${cluster.hosts.map((h) => `${h.name} ${h.address}:${h.port}`).join(', ')})\n` +
    `${lang === 'zh' ? '预置的故障：' : 'Seeded faults:'}\n${FAULTS.map((f) => `  - ${f[lang]}`).join('\n')}\n` +
    `$ usdiag scan --inventory ${cluster.inventoryPath}${args.length ? ` ${args.join(' ')}` : ''}\n\n`,
);
const started = Date.now();
let code: number;
try {
  code = await main(['scan', '--inventory', cluster.inventoryPath, ...args], io);
} finally {
  await cluster.close();
}
io.stderr.write(
  lang === 'zh'
    ? `\n扫描用时 ${((Date.now() - started) / 1000).toFixed(1)} 秒；usdiag 退出码 ${code}（2 表示发现故障，与预置一致）。\n`
    : `\nScan took ${((Date.now() - started) / 1000).toFixed(1)} s; usdiag exited with status ${code} (2 = faults found, as seeded).\n`,
);
// The demo itself succeeded when the scan ran; its findings are the point.
process.exitCode = code === 2 ? 0 : 1;
