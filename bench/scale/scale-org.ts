/** The size of the simulated organisation. */
export interface ScaleOrg {
  pods: number;
  /** Open pull requests per pod (each on the pod's one repository). */
  pullRequestsPerPod: number;
  projectsPerPod: number;
  wipLimit: number;
}

/** 1,000 pods, 10,000 open pull requests, 5,000 projects. */
export const SCALE_ORG: ScaleOrg = { pods: 1_000, pullRequestsPerPod: 10, projectsPerPod: 5, wipLimit: 8 };

const pad = (i: number): string => String(i).padStart(4, '0');

/** Pod `i`'s id and repository. */
export function scalePod(i: number): { id: string; repo: string } {
  return { id: `pod-${pad(i)}`, repo: `scale-org/repo-${pad(i)}` };
}

/** Project `k` of pod `i`. */
export function scaleProject(i: number, k: number): string {
  return `proj-${pad(i)}-${k}`;
}

/** clos.yml of the simulated organisation: pods in enforce mode, three members each, projects on the delivery template. */
export function scaleClosYml(org: ScaleOrg): string {
  const lines = ['org: scale', 'timezone: UTC', 'pods:'];
  for (let i = 0; i < org.pods; i++) {
    const { id, repo } = scalePod(i);
    lines.push(
      `  - id: ${id}`,
      `    name: Pod ${i}`,
      `    wipLimit: ${org.wipLimit}`,
      `    mode: enforce`,
      `    repos: [${repo}]`,
      `    members:`,
      `      - github: lead-${i}`,
      `        role: lead`,
      `      - github: dev-${i}-a`,
      `        role: member`,
      `      - github: dev-${i}-b`,
      `        role: member`,
    );
  }
  lines.push('projects:');
  for (let i = 0; i < org.pods; i++) {
    for (let k = 0; k < org.projectsPerPod; k++) {
      lines.push(`  - id: ${scaleProject(i, k)}`, `    name: Project ${i}.${k}`, `    pod: ${scalePod(i).id}`, `    template: delivery`);
    }
  }
  return `${lines.join('\n')}\n`;
}
