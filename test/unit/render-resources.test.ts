import { describe, expect, it } from 'vitest';
import { createStyle } from '../../src/report/console-format.js';
import { renderSummary } from '../../src/report/render-console.js';
import { assessValidity } from '../../src/report/assess-validity.js';
import { renderResources } from '../../src/report/render-resources.js';
import { sampleRebalanceReport } from '../fixtures/sample-rebalance-report.js';
import { sampleResourceUsage } from '../fixtures/sample-resource-usage.js';

describe('renderResources', () => {
  const report = sampleRebalanceReport();
  report.resourceUsage = sampleResourceUsage(report);
  const usage = report.resourceUsage;
  const text = renderResources(report, createStyle(false));

  it('lists every process with its CPU, then the machine and CPU per message', () => {
    for (const process of usage.processes) expect(text).toContain(`${process.key} (${process.role})`);
    expect(text).toContain(`CPU per message: ${usage.cpuUsPerMessage.produced?.toFixed(1)} µs produced`);
  });

  it('leaves the verdict and its reasons to the Validity block of the summary', () => {
    expect(text).not.toContain('bottleneck:');
    report.validity = assessValidity(report);
    const summary = renderSummary(report, { color: false });
    expect(summary).toContain(`bottleneck: ${usage.verdict}`);
    for (const reason of usage.reasons) expect(summary).toContain(reason);
  });

  it('is empty for a report without resource accounting', () => {
    expect(renderResources(sampleRebalanceReport(), createStyle(false))).toBe('');
  });
});
