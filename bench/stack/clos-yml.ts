/** The GitHub organisation every benchmark repository belongs to. */
export const BENCH_ORG = 'bench-org';

/** The shape of the organisation the benchmark drives. */
export interface BenchOrg {
  /** Pods `pod-0` … each over one repository `bench-org/repo-<i>`. */
  pods: number;
  wipLimit: number;
}

/** Repository of pod `index`. */
export function repoOfPod(index: number): string {
  return `${BENCH_ORG}/repo-${index}`;
}

/** A repository no pod maps: its deliveries are ingested and recorded but start no workflow. */
export const UNMAPPED_REPO = `${BENCH_ORG}/unmapped`;

/** clos.yml of the benchmark organisation, in enforce mode. */
export function benchClosYml(org: BenchOrg): string {
  const pods = Array.from({ length: org.pods }, (_, i) =>
    [
      `  - id: pod-${i}`,
      `    name: Pod ${i}`,
      `    wipLimit: ${org.wipLimit}`,
      `    mode: enforce`,
      `    repos: [${repoOfPod(i)}]`,
      `    members:`,
      `      - github: lead-${i}`,
      `        role: lead`,
    ].join('\n'),
  );
  return ['org: bench', 'timezone: UTC', 'pods:', ...pods, ''].join('\n');
}
