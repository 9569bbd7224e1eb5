import { text } from '../../i18n/text.js';
import type { KbEntry } from '../types.js';

/**
 * Guide 3.5.7. The guide's text breaks off after the cause (OCR damage: the
 * page continues with 3.6.1), so every changing step here is usdiag's advice.
 * The Chinese UI message is rendered in English in the en texts.
 */
export const entry = {
  id: 'multipath-wwid',
  title: text(
    'Adding shared storage fails: multipath configuration error 5106',
    '添加共享存储失败：多路径配置出错（错误代码：5106）',
  ),
  symptom: text(
    'When adding a storage pool in the web interface, selecting the volume fails with a message that configuring multipath failed and the user should check or contact the administrator (error code: 5106).',
    '在界面上新增存储池、选中要添加的存储卷时，报“配置多路径失败，请检查或联系管理员。（错误代码：5106）”。',
  ),
  impact: text(
    'The pool cannot be added, which holds up bringing the customer\'s services online.',
    '存储池加不上，客户业务上线因此受阻。',
  ),
  causes: [
    text(
      'After the volume was mapped to Usphere, it was modified on the storage side and its WWID changed; the host still knows it by the old WWID (in the guide\'s example Usphere sees a WWID ending in ~698 while the storage reports ~699).',
      '存储卷映射给 Usphere 之后，存储端又改动了这个卷，导致 WWID 变了；主机这边认的还是旧 WWID（指南示例中 Usphere 识别到的 WWID 为 ~698，存储端为 ~699）。',
    ),
  ],
  diagnosis: [
    text(
      'The WWID of the volume in /var/log/syslog differs from the WWID the storage now shows for it.',
      '/var/log/syslog 中记录的存储卷 WWID 与存储端当前显示的 WWID 不一致。',
    ),
    text(
      '`multipath -ll` shows the map under the old WWID, or paths in failed/faulty state.',
      '`multipath -ll` 中该卷的多路径仍挂在旧 WWID 名下，或有路径处于 failed/faulty 状态。',
    ),
  ],
  recovery: [
    {
      id: 'check-paths',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      command: 'multipath -ll',
      text: text(
        'On {host}, look at the multipath map of the volume ({map}) and the state of its paths.',
        '在 {host} 上查看该卷的多路径设备（{map}）及各条路径的状态。',
      ),
    },
    {
      id: 'compare-wwid',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'Compare the WWID of the volume recorded in /var/log/syslog on {host} ({wwid}) with the WWID the storage reports for it now (the guide\'s example: ~698 on the host, ~699 on the storage). Different values mean the volume was changed after it was mapped.',
        '把 {host} 的 /var/log/syslog 中记录的卷 WWID（{wwid}）与存储端当前显示的 WWID 对比（指南示例：主机侧 ~698，存储侧 ~699）。两者不同，说明卷在映射后被改过。',
      ),
    },
    {
      id: 'ask-storage-admin',
      kind: 'diagnostic',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice: ask the storage administrator what was changed on the volume after it was mapped. If it was deleted and created again, it is a different volume, not the one the platform knew.',
        'usdiag 建议：向存储管理员问清映射之后对这个卷做了什么改动。如果是删掉后重建的，那已经是另一个卷，并非平台原先认识的那个。',
      ),
    },
    {
      id: 'flush-stale-map',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice: remove the stale multipath map that still carries the old WWID (`multipath -f {map}`).',
        'usdiag 建议：清除仍带旧 WWID 的失效多路径设备（`multipath -f {map}`）。',
      ),
      warning: text(
        'Only when nothing uses the map: no pool, no mount, no VM disk on it.',
        '只有在该多路径设备未被使用（没有存储池、挂载或虚拟机磁盘在用）时才能清除。',
      ),
    },
    {
      id: 'rescan-paths',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice: rescan the SCSI hosts of {host} so the paths report the current WWID (for example `echo "- - -" > /sys/class/scsi_host/hostN/scan` for each HBA), reload multipath with `multipath -r`, and check with `multipath -ll` that the map now carries the storage\'s WWID.',
        'usdiag 建议：重新扫描 {host} 的 SCSI 主机，让路径上报当前的 WWID（例如对每块 HBA 执行 `echo "- - -" > /sys/class/scsi_host/hostN/scan`），再用 `multipath -r` 重新加载多路径，并用 `multipath -ll` 确认多路径设备已使用存储端的 WWID。',
      ),
    },
    {
      id: 'retry-add-pool',
      kind: 'changing',
      cost: 'short',
      likelihood: 'high',
      text: text(
        'usdiag advice: add the storage pool again in the web interface.',
        'usdiag 建议：回到界面重新添加存储池。',
      ),
    },
    {
      id: 'remap-volume',
      kind: 'changing',
      cost: 'long',
      likelihood: 'high',
      text: text(
        'usdiag advice: if the hosts still see the old WWID, remove the volume\'s mapping on the storage, remove the stale paths on every host of the cluster, map the volume again and rescan on every host.',
        'usdiag 建议：如果主机仍然认旧 WWID，就在存储端取消该卷的映射，在集群每台主机上清理残留路径，然后重新映射并在每台主机上重新扫描。',
      ),
      warning: text(
        'Do it on every host of the cluster, so that all of them see the same WWID.',
        '集群内每台主机都要做，保证大家看到的 WWID 一致。',
      ),
    },
  ],
  notes: [
    text(
      'The guide\'s recovery text for this entry is lost (its page breaks off after the cause); the changing steps above are usdiag\'s advice, not the guide\'s.',
      '指南中本条目的恢复方法已缺失（原文在故障原因之后就断了），上面的变更类步骤是 usdiag 的建议，并非指南原文。',
    ),
    text(
      'If the error remains, collect /var/log/syslog and the `multipath -ll` output of the hosts and contact technical support.',
      '问题仍未解决时，收集各主机的 /var/log/syslog 和 `multipath -ll` 输出，联系技术支持。',
    ),
  ],
} as const satisfies KbEntry;
