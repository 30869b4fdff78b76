/**
 * The script every HTML page runs: reads the chart specs (`chart-spec.ts`) from the page's
 * `kbench-charts` JSON element and draws each with uPlot (inlined before it), shading bands
 * under the lines. Plain browser JavaScript kept as text; the browser test runs it.
 * Each drawn chart's element gets `data-drawn="true"`.
 */
import { BAND_FILLS, BAND_TEXT_COLORS } from './member-timeline-svg.js';

export const CHART_SCRIPT = `
(function () {
  'use strict';
  var BAND_FILLS = ${JSON.stringify(BAND_FILLS)};
  var BAND_TEXT = ${JSON.stringify(BAND_TEXT_COLORS)};
  var HEIGHT = 300;
  var specs = JSON.parse(document.getElementById('kbench-charts').textContent);
  var charts = [];

  function formatNumber(v) {
    var a = Math.abs(v);
    if (a >= 100) return Math.round(v).toLocaleString('en-US');
    if (a >= 10) return v.toFixed(1);
    if (a >= 1) return v.toFixed(2);
    return v.toFixed(3);
  }

  function percentLabel(k) {
    if (k <= 0) return '0%';
    var p = 100 - 100 / Math.pow(10, k);
    return p.toFixed(Math.max(0, Math.round(k) - 2)) + '%';
  }

  function drawBands(u, bands) {
    if (!bands || bands.length === 0) return;
    var ctx = u.ctx;
    var box = u.bbox;
    var ratio = window.devicePixelRatio || 1;
    ctx.save();
    ctx.beginPath();
    ctx.rect(box.left, box.top, box.width, box.height);
    ctx.clip();
    ctx.font = Math.round(10 * ratio) + 'px system-ui, sans-serif';
    ctx.textBaseline = 'top';
    bands.forEach(function (band) {
      var x0 = u.valToPos(band.from, 'x', true);
      var x1 = u.valToPos(band.to, 'x', true);
      var width = Math.max(2 * ratio, x1 - x0);
      ctx.fillStyle = BAND_FILLS[band.kind] || BAND_FILLS.phase;
      ctx.fillRect(x0, box.top, width, box.height);
      ctx.fillStyle = BAND_TEXT[band.kind] || BAND_TEXT.phase;
      ctx.fillText(band.label, x0 + 2 * ratio, box.top + (band.kind === 'fault' ? 14 : 2) * ratio);
    });
    ctx.restore();
  }

  function options(spec, element) {
    var percentile = spec.xAxis === 'percentile';
    var category = spec.xAxis === 'category';
    var ticks = spec.xTicks || [];
    var rate = spec.xAxis === 'rate';
    var xAxis = { label: spec.xLabel };
    if (category) {
      xAxis.splits = function () { return ticks.map(function (_, k) { return k; }); };
      xAxis.values = function (u, splits) { return splits.map(function (k) { return ticks[k] == null ? '' : ticks[k]; }); };
    }
    if (percentile) {
      xAxis.splits = function (u, axisIdx, min, max) {
        var out = [];
        for (var k = Math.ceil(min); k <= max + 1e-9; k++) out.push(k);
        return out;
      };
      xAxis.values = function (u, splits) { return splits.map(percentLabel); };
    }
    var series = [{
      label: spec.xLabel,
      value: function (u, v) { return v == null ? '-' : category ? (ticks[v] == null ? String(v) : ticks[v]) : percentile ? (100 - 100 / Math.pow(10, v)).toPrecision(6).replace(/\\.?0+$/, '') + '%' : rate ? formatNumber(v) + ' msg/s' : v + ' s'; }
    }];
    spec.series.forEach(function (s) {
      var line = {
        label: s.label,
        stroke: s.color,
        width: 1.5,
        spanGaps: percentile || category,
        points: category || rate ? { show: true, size: 7 } : { show: false },
        value: function (u, v) { return v == null ? '-' : formatNumber(v) + ' ' + spec.yUnit; }
      };
      if (s.dash) line.dash = s.dash;
      series.push(line);
    });
    var xScale = { time: false };
    if (category) xScale.range = function () { return [-0.5, Math.max(1, ticks.length) - 0.5]; };
    else if (percentile) xScale.range = function (u, min, max) { return [0, Math.max(1, Math.ceil(max))]; };
    else if (spec.bands.length > 0) {
      // Bands before the first second (a group's first assignment) or after the last widen the axis.
      var bandMin = Math.min.apply(null, spec.bands.map(function (band) { return band.from; }));
      var bandMax = Math.max.apply(null, spec.bands.map(function (band) { return band.to; }));
      xScale.range = function (u, min, max) { return [Math.min(min, bandMin), Math.max(max, bandMax)]; };
    }
    return {
      width: Math.max(320, element.clientWidth),
      height: HEIGHT,
      series: series,
      axes: [xAxis, { label: spec.yLabel, size: 64 }],
      scales: {
        x: xScale,
        y: { range: function (u, min, max) { return [0, max > 0 ? max * 1.08 : 1]; } }
      },
      legend: { live: true },
      hooks: {
        drawClear: [function (u) { drawBands(u, spec.bands); }],
        draw: [function () { element.setAttribute('data-drawn', 'true'); }]
      }
    };
  }

  specs.forEach(function (spec) {
    var element = document.getElementById('chart-' + spec.id);
    if (!element) return;
    charts.push({ element: element, plot: new uPlot(options(spec, element), spec.data, element) });
  });

  var resizeTimer;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      charts.forEach(function (chart) { chart.plot.setSize({ width: Math.max(320, chart.element.clientWidth), height: HEIGHT }); });
    }, 100);
  });
})();
`;
