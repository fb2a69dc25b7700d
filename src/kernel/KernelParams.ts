// Every parameter of the mount-subsystem model, with its default, unit, kind (measured / derived /
// estimate), source and plausible range (the shared descriptor shape, core/ParamSpec). Scenarios
// override them by name (`kernel.params.NAME`); the sensitivity and calibration tooling reads the
// ranges. The scheduler's three (slice, wakeup, contextSwitch) are sched's own descriptors, included
// here. Sources: docs/kernel.md and docs/validation.md.
//
// Resolved once at the boundary into a typed `KernelParams` (durations in ps, counts and factors as
// numbers, booleans as booleans); model code reads its fields, never a name as a string.

import { InputError, type ParamValue, resolveParam, type SourcedParamSpec } from '../core/index.ts';
import { SCHED_PARAMS, type SchedParams } from '../sched/index.ts';

/** A kernel parameter's descriptor. */
export type KernelParamSpec = SourcedParamSpec;

export const KERNEL_PARAMS = [
  {
    name: 'pathLookup',
    default: '1.2us',
    unit: 'duration',
    kind: 'measured',
    source: 'docs/kernel.md: stat of 5 components, 1.2 µs median (Linux 6.18 VM)',
    range: ['0.5us', '3us'],
    doc: 'one path lookup (path_init → walk → seq check)',
  },
  {
    name: 'nsWriteBase',
    default: '3us',
    unit: 'duration',
    kind: 'estimate',
    source: 'docs/kernel.md §6 hold-time estimates: namespace_sem write sections ≈ 2–5 µs on an idle table',
    range: ['2us', '5us'],
    doc: 'work inside a namespace_sem write section besides mount_lock sections and child walks',
  },
  {
    name: 'mountLockHold',
    default: '1us',
    unit: 'duration',
    kind: 'estimate',
    source: 'docs/kernel.md §6 hold-time estimates: mount_lock write sections ≈ 0.5–3 µs',
    range: ['0.5us', '3us'],
    doc: 'work inside one mount_lock write section (list/hash updates)',
  },
  {
    name: 'perCpuSum',
    default: '2ns',
    unit: 'duration',
    kind: 'estimate',
    source:
      "docs/kernel.md: mount_setattr with RDONLY sums the mount's per-CPU writer counts over all possible CPUs inside its mount_lock write; the counters of a mount just cloned by this thread are in its own caches (≈ 1–5 ns each); 20 ns keeps a 96-CPU section within docs/kernel.md's 0.5–3 µs; estimate",
    range: ['1ns', '20ns'],
    doc: 'per possible CPU: reading one per-CPU writer count inside the mount_lock section of mount_setattr(RDONLY)',
  },
  {
    name: 'childWalkTransfers',
    default: '0.5',
    unit: 'factor',
    kind: 'derived',
    source:
      'docs/kernel.md: +20–30 ns per existing child mount on a 2-vCPU VM whose line transfers cost ≈ 50 ns: ≈ 0.5 transfers of a line last written elsewhere per child',
    range: ['0.3', '1'],
    doc: 'line transfers per existing child mount of the parent that bind mount / open_tree / overlay walk',
  },
  {
    name: 'overlayPerLayer',
    default: '5us',
    unit: 'duration',
    kind: 'derived',
    source: 'docs/kernel.md: overlay mount of 50 lowerdirs 336 µs median ⇒ ≈ 6.7 µs per layer, minus its lock sections',
    range: ['3us', '8us'],
    doc: 'work per lower layer of an overlay mount outside its lock sections',
  },
  {
    name: 'syscallWork',
    default: '2us',
    unit: 'duration',
    kind: 'derived',
    source:
      'docs/kernel.md: open_tree 5.5 µs, mount_setattr 1.9 µs, move_mount 4.0 µs median on an idle table, minus holds',
    range: ['1us', '4us'],
    doc: 'CPU work of a mount syscall outside namespace_sem (argument copy, fd, allocation)',
  },
  {
    name: 'umountWork',
    default: '16us',
    unit: 'duration',
    kind: 'measured',
    source: 'docs/kernel.md: umount2 of an idmapped layer is 8–24 µs on CPU (35 µs with the grace period)',
    range: ['8us', '24us'],
    doc: 'CPU work of one umount besides its lock sections and the grace period',
  },
  {
    name: 'copyPerMount',
    default: '1us',
    unit: 'duration',
    kind: 'estimate',
    source: 'docs/kernel.md: copy_mnt_ns copies every mount (allocation + list insert); no measurement, estimate',
    range: ['0.3us', '3us'],
    doc: 'work per mount copied by unshare(CLONE_NEWNS), outside its short mount_lock section',
  },
  {
    name: 'copyLockHold',
    default: '0.2us',
    unit: 'duration',
    kind: 'estimate',
    source: 'docs/kernel.md: a short mount_lock write per copied mount; estimate',
    range: ['0.1us', '1us'],
    doc: 'the mount_lock write section per copied mount',
  },
  {
    name: 'umountTreePerMount',
    default: '0.3us',
    unit: 'duration',
    kind: 'estimate',
    source: 'docs/kernel.md: umount_tree of the old root detaches ≈ M mounts inside one mount_lock write; estimate',
    range: ['0.1us', '1us'],
    doc: 'work per mount detached inside the one write section of pivot_root + umount(MNT_DETACH)',
  },
  {
    name: 'umountTreeTransfers',
    default: '1',
    unit: 'factor',
    kind: 'estimate',
    source:
      'docs/kernel.md §3: copying or detaching a tree costs ≈ 1–2 µs per mount; the walk touches lines last written by other CPUs, one per mount (estimate)',
    range: ['0.5', '2'],
    doc: 'line transfers per mount detached by umount_tree and per mount copied by copy_mnt_ns',
  },
  {
    name: 'serviceNamespaces',
    default: '10',
    unit: 'count',
    kind: 'estimate',
    source:
      'docs/kernel.md *Mount propagation*: long-lived mount namespaces that are slaves of the host (systemd units with PrivateTmp/ProtectSystem/ProtectHome/PrivateMounts, node agents with rslave host mounts); a stock server distribution runs ≈ 5–15 such units (estimate)',
    range: ['5', '15'],
    doc: 'long-lived slave mount namespaces (K without the starting containers): each receives a copy of every host mount under a shared mount',
  },
  {
    name: 'leakedTempMounts',
    default: '0',
    unit: 'count',
    kind: 'measured',
    source:
      "containerd issue #12139: 2,204 leaked temp mounts after one night; they stay in the layers' peer group (docs/kernel.md)",
    range: ['0', '2204'],
    doc: "temp mounts left behind by earlier starts, peers of the layers' mount (they add to P)",
  },
  {
    name: 'propagationBytesPerNode',
    default: '192',
    unit: 'bytes',
    kind: 'estimate',
    source:
      'docs/hardware.md: a propagation walk touches ≈ 2–4 cache lines of each struct mount (mnt_share, mnt_slave_list, mnt_slave, mnt_master, mnt_root, mnt_parent; estimate)',
    range: ['128', '256'],
    doc: 'footprint per node of a propagation walk, against the cache available to the walking CPU',
  },
  {
    name: 'propagationMissesPerNode',
    default: '1.5',
    unit: 'factor',
    kind: 'derived',
    source:
      'docs/kernel.md probe: ≈ 150–240 ns per node beyond the cache knee on a host whose DRAM answers in ≈ 105–160 ns ⇒ 1–2 dependent misses per node (and ≈ 30–50 ns per node below the knee: 1–2 L3 hits)',
    range: ['1', '2'],
    doc: 'dependent loads on the critical path of a walk, per node (each at the level the walk’s footprint reaches)',
  },
  {
    name: 'walkCacheShare',
    default: '0.5',
    unit: 'factor',
    kind: 'estimate',
    source:
      "the share of its L3 domain a walk's nodes keep against the rest of the machine's working set (running workloads, the kernel); estimate",
    range: ['0.25', '1'],
    doc: 'share of the walking CPU’s L3 domain available to a propagation walk (the knee of the per-node price)',
  },
  {
    name: 'propagationCopy',
    default: '0.8us',
    unit: 'duration',
    kind: 'derived',
    source:
      'docs/kernel.md probe: each slave namespace adds ≈ 1 µs to a mount (0.9–1.1 µs per namespace at K = 50–200, P = 0), minus its commit under mount_lock',
    range: ['0.5us', '1.5us'],
    doc: 'work per slave namespace of an attach under a shared mount: the propagated copy (propagate_one), under namespace_sem write',
  },
  {
    name: 'propagationCommit',
    default: '0.2us',
    unit: 'duration',
    kind: 'estimate',
    source:
      'attach_recursive_mnt commits the propagated copies (hash insert, list add) inside one lock_mount_hash section; estimate',
    range: ['0.1us', '0.5us'],
    doc: 'work per propagated copy inside the attach’s mount_lock write section',
  },
  {
    name: 'propagationTeardown',
    default: '1us',
    unit: 'duration',
    kind: 'measured',
    source: 'docs/kernel.md probe: each slave namespace adds ≈ 0.8–1.1 µs to a umount (K = 50–400, P = 0)',
    range: ['0.5us', '1.5us'],
    doc: 'work per propagated copy torn down inside a umount’s mount_lock write section',
  },
  {
    name: 'umountPasses',
    default: '3',
    unit: 'count',
    kind: 'derived',
    source:
      'docs/kernel.md probe: beyond the knee a umount2(…, 0) costs 527–680 ns per node against 165–230 for the one-pass attach ⇒ ≈ 3 passes (propagate_mount_busy, propagate_mount_unlock, propagate_umount); MNT_DETACH skips the busy check (354 vs 680 ns per node at P = 4,000, K = 20)',
    range: ['2', '4'],
    doc: 'walks of the propagation tree inside a umount2(…, 0)’s mount_lock section (one fewer with MNT_DETACH)',
  },
  {
    name: 'mountinfoPerByte',
    default: '25ns',
    unit: 'duration',
    kind: 'measured',
    source: 'docs/kernel.md: /proc/self/mountinfo ≈ 20–25 ns per byte (612 KB in 15.5 ms)',
    range: ['20ns', '25ns'],
    doc: 'kernel time to generate one byte of mountinfo',
  },
  {
    name: 'bytesPerBindMount',
    default: '122',
    unit: 'bytes',
    kind: 'measured',
    source: 'docs/kernel.md: 5,000 bind mounts = 612 KB of mountinfo',
    range: ['100', '150'],
    doc: 'mountinfo bytes of one idmapped bind mount',
  },
  {
    name: 'bytesPerOverlay',
    default: '1000',
    unit: 'bytes',
    kind: 'measured',
    source: 'docs/kernel.md: 1,000 overlays of 50 layers ≈ 1 MB of mountinfo',
    range: ['500', '1500'],
    doc: 'mountinfo bytes of one overlay of 50 layers',
  },
  {
    name: 'bytesPerOtherMount',
    default: '150',
    unit: 'bytes',
    kind: 'estimate',
    source: 'a typical mountinfo line of a host mount; estimate',
    range: ['100', '250'],
    doc: 'mountinfo bytes of any other mount',
  },
  {
    name: 'parsePerLine',
    default: '1.5us',
    unit: 'duration',
    kind: 'measured',
    source:
      "docs/kernel.md: 1–2 µs per line to parse in user space (Docker's parser 38.9 µs at 35 lines, 256 µs at 148)",
    range: ['1us', '3us'],
    doc: 'user-space parse of one mountinfo line by the runtime or a probe',
  },
  {
    name: 'systemdParsePerLine',
    default: '864us',
    unit: 'duration',
    kind: 'derived',
    source: 'docs/validation.md §D: systemd ≈ 0.66 s per full parse of 764 mounts ⇒ 864 µs per line',
    range: ['600us', '1200us'],
    doc: 'systemd processing of one mountinfo line per rescan',
  },
  {
    name: 'hostMounts',
    default: '300',
    unit: 'count',
    kind: 'estimate',
    source: 'a Kubernetes node before the burst: system mounts, running pods (overlay, binds, secrets); estimate',
    range: ['100', '1500'],
    doc: 'host mount table size before the burst',
  },
  {
    name: 'mountsPerContainer',
    default: '6',
    unit: 'count',
    kind: 'estimate',
    source: 'rootfs overlay + resolv.conf/hosts/hostname binds + secrets; estimate',
    range: ['3', '15'],
    doc: 'host-table mounts a started container keeps',
  },
  {
    name: 'initMounts',
    default: '30',
    unit: 'count',
    kind: 'estimate',
    source:
      "runc's init mounts the container's filesystems in its new mount namespace before pivot_root (libcontainer/rootfs_linux.go): the spec's mounts (containerd's defaults /proc, /dev, /dev/pts, /dev/shm, /dev/mqueue, /sys, /sys/fs/cgroup; kubelet's /etc/hosts, /etc/hostname, /etc/resolv.conf, /dev/termination-log, the service-account token), the rootfs bind and its propagation change, 12 masked paths (Kubernetes' default list) and 5 read-only paths (a bind and a remount each): ≈ 30 mount syscalls (estimate)",
    range: ['15', '40'],
    doc: "mount syscalls of the container's init inside its own namespace, between unshare and pivot_root (each takes namespace_sem for write)",
  },
  {
    name: 'runtimeMountinfoReads',
    default: '72',
    unit: 'count',
    kind: 'measured',
    source:
      'docs/kernel.md §3 (docs/validation.md §D): one `runc run` reads mountinfo 72–116 times, 72 with the systemd cgroup driver (as kubelet uses), 116 with cgroupfs (runc PR #2255); 65–108 of them are cgroup mount lookups made by runc itself, in the host mount namespace, so they read the host table (runc PR #2265, which cut them to ≈ 10 with a cache: the low end)',
    range: ['10', '116'],
    doc: 'host-table mountinfo reads by the runtime per container start',
  },
  {
    name: 'lookupsPerSyscall',
    default: '1',
    unit: 'count',
    kind: 'estimate',
    source: 'each mount syscall resolves its path arguments; estimate',
    range: ['1', '3'],
    doc: 'path lookups (mount_lock readers) per mount syscall',
  },
  {
    name: 'backgroundLookupsPerCpu',
    default: '20000',
    unit: 'count',
    kind: 'estimate',
    source:
      'path lookups per second per busy CPU from running workloads (open/stat/exec); ≤ 742 k/s (docs/kernel.md); estimate',
    range: ['1000', '200000'],
    doc: 'path-lookup rate per CPU running background work (aggregated readers)',
  },
  {
    name: 'backgroundLoad',
    default: '0.3',
    unit: 'factor',
    kind: 'estimate',
    source: 'share of hardware threads busy with running workloads and daemons during the burst; estimate',
    range: ['0.05', '0.8'],
    doc: 'share of CPUs busy with background work (they issue the aggregated lookups)',
  },
  {
    name: 'containerLookups',
    default: '2000',
    unit: 'count',
    kind: 'estimate',
    source:
      "a started container's workload: exec of its entrypoint, then its own opens and stats; no measurement, estimate (a CPU can do ≤ 742 k/s, docs/kernel.md)",
    range: ['0', '50000'],
    doc: 'path lookups per second of each container started so far (they join the aggregated readers)',
  },
  {
    name: 'containerCpuLoad',
    default: '0.1',
    unit: 'factor',
    kind: 'estimate',
    source:
      "share of a CPU a started container's workload uses while the burst goes on (application start-up); estimate",
    range: ['0', '1'],
    doc: 'CPU demand of each container started so far: a thread busy this share of every 10 ms that time-shares with the burst',
  },
  {
    name: 'backgroundCompetes',
    default: '0',
    unit: 'boolean',
    kind: 'estimate',
    source:
      'modelling choice: 0 = the background work holds its CPUs apart from the burst; 1 = it runs as CPU-bound threads that time-share with the burst',
    range: ['0', '1'],
    doc: 'whether background work competes with the burst for CPUs (1) or not (0)',
  },
  {
    name: 'legitimizeWindow',
    default: '0.3us',
    unit: 'duration',
    kind: 'estimate',
    source:
      'fs/namespace.c __legitimize_mnt: the span between taking the reference and the second read_seqretry; estimate',
    range: ['0.1us', '1us'],
    doc: 'window in which a fallen-back lookup turns into a lock_mount_hash writer if the count moves',
  },
  {
    name: 'legitimizeHold',
    default: '30ns',
    unit: 'duration',
    kind: 'estimate',
    source:
      'fs/namespace.c __legitimize_mnt: lock_mount_hash(); test MNT_DOOMED; unlock_mount_hash() — a flag test, far shorter than a list/hash update (mountLockHold); estimate',
    range: ['10ns', '200ns'],
    doc: 'work inside the mount_lock write section of a fallen-back lookup in __legitimize_mnt (line transfers come on top)',
  },
  ...SCHED_PARAMS,
  {
    name: 'rcuExpeditedBase',
    default: '100us',
    unit: 'duration',
    kind: 'derived',
    source:
      'docs/validation.md §D / docs/kernel.md §3: 5,000 umounts in 0.6 s with expedited grace periods on 4 CPUs ⇒ ≈ 120 µs each',
    range: ['20us', '200us'],
    doc: 'fixed part of an expedited RCU grace period',
  },
  {
    name: 'rcuExpeditedPerCpu',
    default: '5us',
    unit: 'duration',
    kind: 'estimate',
    source: 'per-CPU IPI and quiescent-state report; estimate',
    range: ['0.5us', '10us'],
    doc: 'per online CPU part of an expedited grace period',
  },
] as const satisfies readonly KernelParamSpec[];

type Spec = (typeof KERNEL_PARAMS)[number];
export type KernelParamName = Spec['name'];

/** The resolved parameters: durations in ps, booleans as booleans, the rest as numbers. */
export type KernelParams = { readonly [S in Spec as S['name']]: ParamValue<S['unit']> };

const NAMES: readonly string[] = KERNEL_PARAMS.map((p) => p.name);

/**
 * Resolves defaults and overrides (text as in scenarios) to values; an unknown or bad one names its
 * path. A value outside its documented range is refused, naming the range, unless `allowOutOfRange`
 * (exploring on purpose: `outOfRange` then lists what is outside, for every output to say so).
 */
export function resolveKernelParams(
  overrides: Readonly<Record<string, string | number>>,
  where = 'kernel',
  o: { readonly allowOutOfRange?: boolean } = {},
): KernelParams {
  for (const key of Object.keys(overrides)) {
    if (!NAMES.includes(key))
      throw new InputError(`unknown kernel parameter "${key}"; known: ${NAMES.join(', ')}`, {
        path: `${where}.${key}`,
      });
  }
  const out: Record<string, number | string | boolean> = {};
  for (const p of KERNEL_PARAMS) {
    const raw = overrides[p.name];
    out[p.name] = resolveParam(p, raw ?? p.default, { path: `${where}.${p.name}` });
    if (raw === undefined || o.allowOutOfRange === true) continue;
    const outside = rangeCheck(p, raw, `${where}.${p.name}`);
    if (outside !== null)
      throw new InputError(
        `${JSON.stringify(String(raw))} is outside the documented range ${outside} (${p.source}); --allow-out-of-range explores it on purpose`,
        { path: `${where}.${p.name}` },
      );
  }
  return out as KernelParams;
}

/** The range text if `raw` lies outside `p`'s documented range, else null. */
function rangeCheck(p: KernelParamSpec, raw: string | number, path: string): string | null {
  if (p.range === undefined) return null;
  const num = (x: string | number): number => Number(resolveParam(p, x, { path }));
  const v = num(raw);
  return v < num(p.range[0]) || v > num(p.range[1]) ? `${p.range[0]}–${p.range[1]}` : null;
}

/** The overridden parameters whose values lie outside their documented ranges, as `name=value (range lo–hi)`. */
export function outOfRange(overrides: Readonly<Record<string, string | number>>): string[] {
  const out: string[] = [];
  for (const p of KERNEL_PARAMS) {
    const raw = overrides[p.name];
    if (raw === undefined) continue;
    const outside = rangeCheck(p, raw, `kernel.params.${p.name}`);
    if (outside !== null) out.push(`${p.name}=${raw} (range ${outside})`);
  }
  return out;
}

/** The scheduler's part of the kernel parameters. */
export function schedParamsOf(p: KernelParams): SchedParams {
  return { slicePs: p.slice, wakeupPs: p.wakeup, contextSwitchPs: p.contextSwitch };
}
