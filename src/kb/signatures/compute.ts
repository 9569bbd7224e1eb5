/** Guide 3.4: hosts that do not boot, VMs that do not start, migrate or deploy. */
import { text } from '../../i18n/text.js';
import { rx, rxLine, signaturesOf, type Signature } from './types.js';

const noBoot = signaturesOf('host-no-boot-device');
const install = signaturesOf('install-console');
const resources = signaturesOf('vm-start-resources');
const shmem = signaturesOf('vm-shmem-residue');
const snapshots = signaturesOf('qcow2-snapshot-table');
const corrupt = signaturesOf('qcow2-corrupt');
const migration = signaturesOf('vm-migration-stuck');
const deploy = signaturesOf('vm-deploy-7501');
const cipher = signaturesOf('migration-ssh-cipher');
const rdrand = signaturesOf('hygon-rdrand');

export const computeSignatures: readonly Signature[] = [
  noBoot('no-bootable-device', {
    weight: 75,
    why: text(
      'The firmware found no disk to boot from: no operating system installed, the boot mode (UEFI/Legacy) was changed, or the RAID controller or its driver failed.',
      '固件找不到可引导的磁盘：没有安装操作系统、引导模式（UEFI/Legacy）被修改，或 RAID 卡损坏、驱动不匹配。',
    ),
    any: ['No bootable device', 'No boot device available', 'No boot device found', 'Boot device not found', '找不到启动设备', '无可引导设备'],
  }),
  noBoot('select-boot-device', {
    weight: 75,
    why: text(
      'BIOS message meaning that no configured boot device holds a bootable system.',
      'BIOS 提示所有引导设备上都没有可启动的系统。',
    ),
    any: ['Reboot and Select proper Boot device', 'Operating System not found', 'Missing operating system'],
  }),
  noBoot('raid-no-volume', {
    weight: 45,
    why: text(
      'The RAID controller reports no logical drive: the boot volume is missing or the controller has failed.',
      'RAID 卡报告没有逻辑盘：引导卷丢失或 RAID 卡故障。',
    ),
    any: ['0 Virtual Drive(s) found on the host adapter', '0 Virtual Drive(s) handled by BIOS', 'No Logical Drives Found'],
  }),
  noBoot('network-boot-fallback', {
    weight: 20,
    why: text(
      'After the disks the firmware tried network boot (PXE), which also failed.',
      '磁盘引导失败后固件尝试网络引导（PXE），同样失败。',
    ),
    all: [rx(/no more network devices|pxe-e\d\d/, 'network devices', 'pxe-e'), 'No bootable device'],
    window: 12,
  }),

  install('no-xsconsole', {
    weight: 75,
    why: text(
      'No xsconsole screen after installation. Servers with Phytium CPUs have none by design; otherwise the installation did not complete.',
      '安装后没有 xsconsole 界面。飞腾 CPU 服务器本来就没有该界面；其他情况说明安装没有正确完成。',
    ),
    any: [rx(/(?:无|没有|不显示|no|missing|without) ?xs?console/, 'xconsole', 'xsconsole')],
  }),
  install('phytium-console', {
    weight: 65,
    why: text('Phytium (飞腾) CPU servers have no xsconsole screen; this is expected.', '飞腾 CPU 服务器没有 xsconsole 界面，属于正常现象。'),
    all: [['飞腾', 'Phytium'], rx(/xs?console/, 'xconsole', 'xsconsole')],
    window: 10,
  }),
  install('install-hang', {
    weight: 70,
    why: text(
      'The installation stopped part way: an interrupted network during installation, or an installation USB stick not written with dd.',
      '系统安装中途卡住：安装过程中网络中断，或安装 U 盘不是用 dd 方式制作的。',
    ),
    any: [
      rx(/(?:系统)?安装(?:过程中)?(?:卡死|卡住|黑屏|中断)/, '卡死', '卡住', '黑屏', '中断'),
      rx(/(?:installation|installer) (?:hangs|hung|is stuck|stuck|freezes|froze)/, 'hangs', 'hung', 'stuck', 'freezes', 'froze'),
    ],
  }),
  install('installer-media', {
    weight: 60,
    why: text(
      'The installer cannot read its own media: the USB stick was not written byte for byte (use dd if=CAS-*.iso of=/dev/sdX bs=1M).',
      '安装程序读不了安装介质：U 盘不是逐字节写入的（应使用 dd if=CAS-*.iso of=/dev/sdX bs=1M 制作）。',
    ),
    any: [
      'Incorrect CD-ROM detected',
      'Failed to copy file from CD-ROM',
      'Failed to copy file from installation media',
      'An installation step failed',
    ],
  }),

  resources('start-failed', {
    weight: 30,
    why: text(
      'libvirt could not start the VM. Alone this does not say why; the lines around it do.',
      'libvirt 启动虚拟机失败。单独这一行说明不了原因，要看它前后的日志。',
    ),
    any: [rx(/failed to start domain/, 'start domain')],
  }),
  resources('monitor-exit', {
    weight: 25,
    why: text(
      'The qemu process exited during start-up; its own error follows in the VM log.',
      'qemu 进程在启动过程中退出；具体错误在虚拟机日志的后续行中。',
    ),
    any: [rx(/process exited while connecting to monitor/, 'connecting to monitor')],
  }),
  resources('no-memory', {
    weight: 75,
    why: text(
      'The host could not give the VM its memory: free memory on the host or overcommit by other VMs.',
      '主机无法为虚拟机分配内存：主机空闲内存不足，或其他虚拟机超配占用。',
    ),
    any: [
      rx(/cannot set up guest memory/, 'guest memory'),
      rx(/failed to initialize kvm: cannot allocate memory/, 'initialize kvm'),
      rx(/(?:qemu|kvm)[^\n]{0,160}cannot allocate memory/, 'allocate memory'),
      rx(/out of memory: kill(?:ed)? process \d+ \((?:qemu[^)]*|kvm)\)/, 'kill process', 'killed process'),
    ],
  }),
  resources('threshold', {
    weight: 55,
    why: text(
      'The start was checked against the CPU/memory thresholds in /etc/cvk/cpu_mem_threshold.conf (CpuUsePercent, MemSysReserved).',
      '虚拟机启动受 /etc/cvk/cpu_mem_threshold.conf 中的 CPU/内存门限（CpuUsePercent、MemSysReserved）限制。',
    ),
    any: [
      'cpu_mem_threshold.conf',
      rx(/cpuusepercent \d+/, 'cpuusepercent'),
      rx(/(?:内存|cpu|memory)[^\n]{0,30}(?:超过|exceed(?:s|ed)?)[^\n]{0,20}(?:阈值|门限|threshold)/, '阈值', '门限', 'threshold'),
    ],
  }),
  resources('shortage', {
    weight: 60,
    why: text(
      'Not enough CPU or memory on the host; with "host memory reservation" enabled a VM may not start once host + VM memory exceeds 80%.',
      '主机 CPU 或内存资源不足；开启“主机内存预留”后，物理主机内存 + 虚拟机内存超过 80% 时不允许再启动虚拟机。',
    ),
    any: [
      rx(/(?:cpu|内存|资源)(?:资源)?不足/, '不足'),
      rx(
        /(?:insufficient|not enough) (?:free )?(?:host )?(?:memory|cpu|resources?)[^\n]{0,40}(?:start|vm\b|virtual machine|domain)|(?:start|vm\b|virtual machine|domain)[^\n]{0,40}(?:insufficient|not enough) (?:free )?(?:host )?(?:memory|cpu|resources?)/,
        'insufficient',
        'not enough',
      ),
      '主机内存预留',
      'host memory reservation',
    ],
  }),

  shmem('kvmsec-socket', {
    weight: 95,
    why: text(
      'The VM still has the antivirus shared-memory device whose socket /tmp/kvmsec is gone (antivirus uninstalled): remove the <shmem> element from its XML.',
      '虚拟机仍带有防病毒共享内存设备，但其 socket /tmp/kvmsec 已不存在（杀毒软件已卸载）：从虚拟机 XML 中删除 <shmem> 标签。',
    ),
    any: [rx(/kvmsec[^\n]{0,60}(?:failed to connect (?:to )?socket|opening backend "?socket"? failed)/, 'kvmsec')],
  }),
  shmem('kvmsec-nearby', {
    weight: 85,
    why: text(
      'A socket connection failed next to a reference to /tmp/kvmsec, the antivirus shared-memory socket.',
      '在 /tmp/kvmsec（防病毒共享内存 socket）附近出现 socket 连接失败。',
    ),
    all: ['kvmsec', [rx(/failed to connect (?:to )?socket/, 'connect to socket', 'connect socket'), rx(/opening backend "?socket"? failed/, 'backend')]],
    window: 6,
  }),
  shmem('shmem-device', {
    weight: 70,
    why: text(
      'The VM definition carries the antivirus <shmem> device (nu_fsec / server path /tmp/kvmsec) left behind by an antivirus product.',
      '虚拟机配置中带有防病毒软件残留的 <shmem> 设备（nu_fsec / server path /tmp/kvmsec）。',
    ),
    any: [rx(/<shmem name=["']?nu_fsec/, 'nu_fsec'), rx(/<server path=["']?\/tmp\/kvmsec/, 'kvmsec')],
  }),
  shmem('socket-missing', {
    weight: 40,
    why: text(
      'A character-device socket the VM expects does not exist; a leftover shared-memory device is a common cause.',
      '虚拟机需要的字符设备 socket 不存在；常见原因是残留的共享内存设备。',
    ),
    any: [rx(/failed to connect (?:to socket|socket [^\n:]{1,108}):? no such file or directory/, 'connect to socket', 'connect socket')],
  }),
  shmem('antivirus-removed', {
    weight: 45,
    why: text(
      'An antivirus product was uninstalled; its VM configuration may remain and stop VMs from starting.',
      '卸载了杀毒软件，其虚拟机配置可能残留，导致虚拟机无法启动。',
    ),
    any: [rx(/(?:卸载|uninstall(?:ed|ing)?)[^\n]{0,20}(?:亚信|deep ?security|trend ?micro|杀毒|防病毒|antivirus)/, '卸载', 'uninstall')],
  }),

  snapshots('file-too-large', {
    weight: 95,
    why: text(
      'qemu cannot read the snapshot table of the qcow2 image: the header (nb_snapshots / snapshot_offset) is damaged.',
      'qemu 无法读取 qcow2 镜像的快照表：镜像头中的快照信息（nb_snapshots / snapshot_offset）已损坏。',
    ),
    any: ['Could not read snapshots: File too large'],
  }),
  snapshots('read-snapshot-table', {
    weight: 80,
    why: text(
      'Reading the qcow2 snapshot table failed (newer qemu wording of "Could not read snapshots").',
      '读取 qcow2 快照表失败（较新 qemu 版本对 “Could not read snapshots” 的表述）。',
    ),
    any: [rx(/(?:could not|failed to) read (?:the )?snapshots?(?: table)?/, 'read snapshot', 'read the snapshot')],
  }),
  snapshots('header-check', {
    weight: 85,
    why: text(
      'qemu rejected the snapshot fields of the qcow2 header as impossible.',
      'qemu 认为 qcow2 镜像头中的快照字段不合法。',
    ),
    any: [
      'Too many snapshots',
      'Invalid snapshot table offset',
      'Snapshot table is too big',
      'Snapshot table too large',
      rx(/too much extra metadata in snapshot table entry/, 'extra metadata'),
      rx(/\d+ overhanging snapshots/, 'overhanging'),
    ],
  }),
  snapshots('create-efbig', {
    weight: 60,
    why: text(
      'Creating a snapshot failed with EFBIG (File too large): the snapshot table is at its limit or damaged.',
      '创建快照时报 EFBIG（File too large）：快照表已达上限或已损坏。',
    ),
    any: [rx(/could not create snapshot[^\n]{0,60}file too large/, 'create snapshot')],
  }),
  snapshots('snapshot-l1', {
    weight: 50,
    why: text('A snapshot entry points to an impossible L1 table.', '快照表项指向不合法的 L1 表。'),
    any: ['Snapshot L1 table too large'],
  }),
  snapshots('zh-damaged', {
    weight: 60,
    why: text('The snapshot information of the image is damaged.', '镜像文件的快照信息损坏。'),
    any: [rx(/快照(?:信息|表)(?:已)?损坏/, '快照信息', '快照表')],
  }),

  corrupt('marked-corrupt', {
    weight: 90,
    why: text(
      'qemu detected a metadata overlap and marked the qcow2 image corrupt; check it with qemu-img check and repair a backup copy with -r all.',
      'qemu 检测到元数据重叠并把 qcow2 镜像标记为损坏；用 qemu-img check 检查，备份后用 -r all 修复。',
    ),
    any: ['image marked as corrupt', 'Marking image as corrupt', rx(/preventing invalid write on metadata/, 'invalid write')],
  }),
  corrupt('cannot-open-rw', {
    weight: 85,
    why: text(
      'The image carries the corrupt flag and qemu refuses to open it read/write until it is repaired.',
      '镜像带有损坏标记，修复前 qemu 拒绝以读写方式打开。',
    ),
    any: ['Image is corrupt; cannot be opened read/write'],
  }),
  corrupt('corrupt-flag', {
    weight: 85,
    why: text('qemu-img info shows the image\'s corrupt flag set.', 'qemu-img info 显示镜像的 corrupt 标记为 true。'),
    any: [rx(/(?:^|")corrupt"?: ?true/, 'corrupt: true', 'corrupt": true', 'corrupt":true')],
  }),
  corrupt('boot-disk-unreadable', {
    weight: 85,
    why: text(
      'The VM BIOS cannot read its boot disk: the disk image is damaged (look for "image marked as corrupt" in the VM log, run qemu-img check).',
      '虚拟机 BIOS 读不了启动盘：磁盘镜像已损坏（在虚拟机日志中查找 “image marked as corrupt”，执行 qemu-img check）。',
    ),
    any: ['Boot failed: could not read the boot disk'],
  }),
  corrupt('check-errors', {
    weight: 80,
    why: text(
      'qemu-img check found corruption: data may be damaged and further writes may make it worse. Back up, then qemu-img check -r all.',
      'qemu-img check 发现镜像损坏：数据可能已损坏，继续写入可能加重损坏。先备份，再执行 qemu-img check -r all。',
    ),
    any: [
      rx(/\b\d+ errors? were found on the image/, 'were found'),
      rxLine(/^error (?:cluster \d+ refcount=|oflag_copied|refcount block \d+|: ?counting reference)/, 'refcount', 'oflag_copied', 'counting reference'),
    ],
  }),
  corrupt('check-leaks', {
    weight: 50,
    why: text(
      'qemu-img check found leaked clusters only: wasted space, no harm to data; -r leaks reclaims it.',
      'qemu-img check 只发现泄漏的簇：浪费空间但不损坏数据；-r leaks 可以回收。',
    ),
    any: [rx(/\b\d+ leaked clusters? were found on the image/, 'leaked'), rxLine(/^leaked cluster \d+ refcount=\d+ reference=\d+/, 'leaked')],
  }),
  corrupt('repaired', {
    weight: 35,
    why: text(
      'qemu-img check -r repaired this image: it had been inconsistent.',
      'qemu-img check -r 已修复该镜像：它之前存在不一致。',
    ),
    any: [
      'The following inconsistencies were found and repaired',
      rxLine(/^repairing (?:cluster \d+|oflag_copied|refcount block)/, 'repairing'),
    ],
  }),
  corrupt('zh-damaged', {
    weight: 55,
    why: text('The disk image is reported damaged.', '磁盘镜像被报告损坏。'),
    any: [rx(/(?:磁盘)?镜像(?:文件)?(?:已)?损坏/, '镜像损坏', '镜像已损坏', '镜像文件损坏', '镜像文件已损坏')],
  }),

  migration('progress-99', {
    weight: 65,
    why: text(
      'A migration sits at 99%: a large disk over a 1 GbE management network, memory dirtied faster than it is copied, frozen storage, or a broken migration network.',
      '迁移停在 99%：磁盘大而管理网只有千兆、业务繁忙内存脏页无法收敛、存储故障导致虚拟机被冻结，或迁移网络中断。',
    ),
    any: [rx(/(?:迁移|migrat)[^\n]{0,60}\b99 ?%|\b99 ?%[^\n]{0,60}(?:迁移|migrat)/, '99%', '99 %')],
  }),
  migration('speed-zero', {
    weight: 65,
    why: text(
      'Migration speed 0 for a long time (guide: over 15 minutes): the migration is not progressing.',
      '迁移速度长时间为 0（指导书：超过 15 分钟）：迁移没有进展。',
    ),
    any: [rx(/(?:迁移速度|migration speed)(?:为|是|is|:)? ?0(?:\.0+)? ?(?:[kmg]?b\/s|[kmg]?bps)?(?![\d.])/, '迁移速度', 'migration speed')],
  }),
  migration('stuck-zh', {
    weight: 65,
    why: text('The migration is reported stuck.', '迁移被报告为卡住、长时间不能完成。'),
    any: [rx(/迁移(?:任务)?(?:长时间|一直)?(?:卡住|不能完成|无法完成|无进展)/, '卡住', '不能完成', '无法完成', '无进展')],
  }),
  migration('state-lock-migrate', {
    weight: 70,
    why: text(
      'Another operation waits for a VM lock held by a migration job: the migration is hanging.',
      '其他操作在等待被迁移任务占用的虚拟机锁：迁移已挂住。',
    ),
    any: [rx(/cannot acquire state change lock \(held by [^)]*migrat/, 'state change lock')],
  }),
  migration('not-converging', {
    weight: 55,
    why: text(
      'The migration times out or does not converge: the guest dirties memory faster than it can be sent.',
      '迁移超时或无法收敛：虚拟机内存脏页产生速度超过传输速度。',
    ),
    any: [
      rx(/(?:migration|迁移)[^\n]{0,40}(?:timed out|not converg|无法收敛|不收敛|超时)/, 'timed out', 'not converg', '无法收敛', '不收敛', '超时'),
    ],
  }),
  migration('job-running', {
    weight: 35,
    why: text(
      'virsh domjobinfo shows a migration job still running; compare "Data remaining" over time.',
      'virsh domjobinfo 显示迁移任务仍在进行；对比不同时刻的 “Data remaining”。',
    ),
    all: [rxLine(/^job type: unbounded/, 'unbounded'), rxLine(/^operation: (?:outgoing|incoming) migration/, 'outgoing migration', 'incoming migration')],
    window: 3,
  }),

  deploy('code-7501', {
    weight: 80,
    why: text(
      'Deployment error 7501: uspheretools.py failed inside the VM (see /var/log/uspheretools.log) — damaged disk or Uspheretools/qemu-ga not working.',
      '部署错误码 7501：虚拟机内 uspheretools.py 执行失败（见 /var/log/uspheretools.log）——磁盘损坏，或 Uspheretools / qemu-ga 异常。',
    ),
    any: [rx(/(?:错误码|错误代码|error ?code|code)[^\n\d]{0,6}7501\b/, '7501')],
  }),
  deploy('code-with-tools', {
    weight: 90,
    why: text(
      'Error 7501 together with uspheretools: the customisation script in the VM failed.',
      '错误码 7501 与 uspheretools 同时出现：虚拟机内的定制脚本执行失败。',
    ),
    all: [rx(/\b7501\b/, '7501'), 'uspheretools'],
    window: 30,
  }),
  deploy('tools-failed', {
    weight: 65,
    why: text(
      'uspheretools reported a failure (the usual cause of error 7501).',
      'uspheretools 报错（错误码 7501 的常见原因）。',
    ),
    any: [rx(/uspheretools(?:\.py|\.log)?[^\n]{0,60}(?:fail|error|exception|traceback|失败)/, 'uspheretools')],
  }),
  deploy('partial', {
    weight: 45,
    why: text('The deployment only partly succeeded.', '虚拟机部署部分成功。'),
    any: [rx(/部分(?:部署)?成功/, '部分成功', '部分部署成功'), rx(/deploy[^\n]{0,60}partially (?:succeeded|successful)/, 'partially')],
  }),
  deploy('guest-agent', {
    weight: 45,
    why: text(
      'The guest agent (qemu-ga) does not answer: Uspheretools not installed or qemu-ga not running in the VM.',
      '虚拟机内部代理（qemu-ga）无响应：Uspheretools 未正确安装或 qemu-ga 服务异常。',
    ),
    any: ['Guest agent is not responding', 'QEMU guest agent is not connected'],
  }),
  deploy('libguestfs', {
    weight: 50,
    why: text(
      'libguestfs could not inspect the VM disk (partitions unreadable: damaged disk).',
      'libguestfs 无法检查虚拟机磁盘（分区读不了：磁盘损坏）。',
    ),
    any: [rx(/libguestfs: error:/, 'libguestfs')],
  }),

  cipher('bad-cipher-spec', {
    weight: 95,
    why: text(
      'Since E0718 OpenSSH no longer accepts the ciphers (arcfour128...) that older versions pass to scp: merge the VM\'s image chain and migrate online.',
      '自 E0718 起 OpenSSH 不再接受旧版本下发的加密算法（arcfour128 等）：合并虚拟机镜像文件后采用在线迁移。',
    ),
    any: ['Bad SSH2 cipher spec'],
  }),
  cipher('file-copy-error', {
    weight: 80,
    why: text(
      'The cloud-rainbow migration failed copying files (SCP); check cas.log for "Bad SSH2 cipher spec".',
      '云彩虹迁移拷贝文件（SCP）失败；在 cas.log 中查找 “Bad SSH2 cipher spec”。',
    ),
    any: ['文件拷贝错误', 'File copy error'],
  }),
  cipher('unknown-cipher', {
    weight: 70,
    why: text(
      'ssh/scp rejected an old cipher (arcfour, blowfish, cast128, 3des) passed on the command line.',
      'ssh/scp 拒绝了命令行传入的旧加密算法（arcfour、blowfish、cast128、3des）。',
    ),
    any: [rx(/unknown cipher type '?(?:arcfour|blowfish|cast128|3des)/, 'unknown cipher')],
  }),
  cipher('no-matching-cipher', {
    weight: 55,
    why: text('The two ends of the SCP have no cipher in common.', 'SCP 两端没有共同支持的加密算法。'),
    any: ['no matching cipher found'],
  }),
  cipher('scp-old-ciphers', {
    weight: 45,
    why: text(
      'SCP is run with -o Ciphers=arcfour...: the old migration interface that fails on E0718 and later.',
      'SCP 以 -o Ciphers=arcfour... 执行：这是在 E0718 及之后版本上会失败的旧迁移接口。',
    ),
    any: [rx(/scp -o ciphers=\S*arcfour/, 'arcfour')],
  }),
  cipher('rainbow-failed', {
    weight: 55,
    why: text('A cloud-rainbow (云彩虹) migration failed.', '云彩虹迁移失败。'),
    any: [rx(/云彩虹[^\n]{0,60}(?:失败|错误)|(?:失败|错误)[^\n]{0,60}云彩虹/, '云彩虹')],
  }),

  rdrand('lockup-in-rdrand', {
    weight: 95,
    why: text(
      'A soft lockup in get_random_bytes: the old CentOS 5/6 kernel loops on the Hygon CPU\'s rdrand. Disable it in the VM XML: <feature policy=\'disable\' name=\'rdrand\'/>.',
      'get_random_bytes 中出现 soft lockup：CentOS 5/6 旧内核在海光 CPU 的 rdrand 指令上死循环。在虚拟机 XML 中禁用：<feature policy=\'disable\' name=\'rdrand\'/>。',
    ),
    all: [rx(/soft lockup/, 'lockup'), rx(/get_random_bytes/, 'get_random_bytes')],
    window: 200,
  }),
  rdrand('rip-get-random-bytes', {
    weight: 80,
    why: text(
      'The kernel dump stops in get_random_bytes (rdrand): the Hygon rdrand problem of old guest kernels.',
      '内核转储停在 get_random_bytes（rdrand）：旧客户机内核的海光 rdrand 问题。',
    ),
    any: [rx(/rip: get_random_bytes/, 'get_random_bytes')],
  }),
  rdrand('soft-lockup', {
    weight: 30,
    why: text(
      'A soft lockup in the guest. On Hygon 7280 hosts with CentOS 5/6 guests this is the rdrand problem; elsewhere it has other causes.',
      '虚拟机内出现 soft lockup。在海光 7280 主机上的 CentOS 5/6 虚拟机中是 rdrand 问题；其他环境另有原因。',
    ),
    any: [rx(/soft lockup/, 'lockup')],
  }),
  rdrand('hygon-7280', {
    weight: 50,
    why: text(
      'Hygon C86 7280 CPU: with CentOS 5/6.8 guests in host-model or passthrough CPU mode, rdrand must be disabled.',
      '海光 C86 7280 CPU：CentOS 5/6.8 虚拟机使用主机匹配或直通 CPU 模式时需要禁用 rdrand。',
    ),
    any: [rx(/hygon c86 7280/, 'hygon'), rx(/海光 ?(?:c86 ?)?7280/, '海光')],
  }),
];
