// The dashboard's load and host charts: a hand-written time-series chart on <canvas> with a sliding time window,
// phase bands behind the lines, a 0-100 % left axis and an optional auto-scaled right axis. No library, so nothing
// to fetch from a CDN.

const PHASE_COLORS = {
  idle: '#9aa4b2',
  light: '#4caf50',
  medium: '#2f9bde',
  heavy: '#f0a020',
  extreme: '#e4572e',
  critical: '#c8102e',
  chaos: '#7d3c98',
};

export function phaseColor(phase) {
  return PHASE_COLORS[String(phase || '').toLowerCase()] || '#9aa4b2';
}

export class LoadChart {
  /**
   * @param canvas the <canvas> to draw on (sized by CSS)
   * @param options {series: [{key, label, color, dashed?, axis?: 'left'|'right'}], windowMs, rightUnit}
   */
  constructor(canvas, options) {
    this.canvas = canvas;
    this.series = options.series;
    this.maxWindowMs = options.windowMs || 120000;
    this.minWindowMs = Math.min(30000, this.maxWindowMs);
    this.windowMs = this.maxWindowMs;
    this.rightUnit = options.rightUnit || '';
    this.points = [];
    this.bands = [];
    this.pending = false;
    if (typeof ResizeObserver !== 'undefined') {
      new ResizeObserver(() => this.requestDraw()).observe(canvas);
    }
  }

  /** points: [{t, values: {key: number|null}}] sorted by t; bands: [{from, to, phase}] */
  update(points, bands) {
    this.points = points;
    this.bands = bands;
    this.canvas.dataset.points = String(points.length);
    // Exposed for browser tests and curious operators: what the latest drawn point holds.
    this.canvas.dataset.lastT = points.length ? String(points[points.length - 1].t) : '';
    this.canvas.dataset.last = points.length ? JSON.stringify(points[points.length - 1].values) : '{}';
    this.requestDraw();
  }

  requestDraw() {
    if (this.pending) {
      return;
    }
    this.pending = true;
    requestAnimationFrame(() => {
      this.pending = false;
      this.draw();
    });
  }

  draw() {
    const canvas = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const cssWidth = canvas.clientWidth;
    const cssHeight = canvas.clientHeight;
    if (cssWidth === 0 || cssHeight === 0) {
      return;
    }
    if (canvas.width !== Math.round(cssWidth * dpr) || canvas.height !== Math.round(cssHeight * dpr)) {
      canvas.width = Math.round(cssWidth * dpr);
      canvas.height = Math.round(cssHeight * dpr);
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssWidth, cssHeight);

    const style = getComputedStyle(canvas);
    const textColor = style.color || '#1d2430';
    const hasRight = this.series.some(s => s.axis === 'right');
    const pad = {left: 34, right: hasRight ? 44 : 10, top: 16, bottom: 20};
    const width = Math.max(10, cssWidth - pad.left - pad.right);
    const height = Math.max(10, cssHeight - pad.top - pad.bottom);
    const end = this.points.length ? this.points[this.points.length - 1].t : Date.now();
    // A freshly opened page has only a few seconds of data: zoom in on it rather than squeeze it to the edge.
    const span = this.points.length ? end - this.points[0].t : this.maxWindowMs;
    this.windowMs = Math.max(this.minWindowMs, Math.min(this.maxWindowMs, span * 1.1));
    const start = end - this.windowMs;
    const x = t => pad.left + ((t - start) / this.windowMs) * width;
    const yLeft = v => pad.top + height - (Math.max(0, Math.min(100, v)) / 100) * height;
    const rightMax = this.rightMax(start);
    const yRight = v => pad.top + height - (Math.max(0, v) / rightMax) * height;

    ctx.font = '11px system-ui, sans-serif';
    for (const band of this.bands) {
      const from = Math.max(band.from, start);
      const to = Math.min(band.to, end);
      if (to <= from) {
        continue;
      }
      ctx.fillStyle = phaseColor(band.phase);
      ctx.globalAlpha = 0.13;
      ctx.fillRect(x(from), pad.top, x(to) - x(from), height);
      ctx.globalAlpha = 0.9;
      if (x(to) - x(from) > 34) {
        ctx.fillText(String(band.phase).toUpperCase(), x(from) + 4, pad.top - 4);
      }
      ctx.globalAlpha = 1;
    }

    ctx.strokeStyle = 'rgba(128,128,128,0.25)';
    ctx.fillStyle = textColor;
    ctx.lineWidth = 1;
    ctx.setLineDash([]);
    for (const v of [0, 25, 50, 75, 100]) {
      const y = Math.round(yLeft(v)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(pad.left, y);
      ctx.lineTo(pad.left + width, y);
      ctx.stroke();
      ctx.fillText(v + '%', 2, y + 4);
      if (hasRight) {
        ctx.fillText(formatNumber(rightMax * v / 100) + this.rightUnit, pad.left + width + 4, y + 4);
      }
    }
    const tickSeconds = this.windowMs > 60000 ? 30 : 10;
    for (let s = 0; s <= this.windowMs / 1000; s += tickSeconds) {
      const t = end - s * 1000;
      ctx.fillText(s === 0 ? 'now' : '-' + s + 's', x(t) - (s === 0 ? 22 : 12), pad.top + height + 14);
    }

    ctx.save();
    ctx.beginPath();
    ctx.rect(pad.left, pad.top - 2, width, height + 4);
    ctx.clip();
    for (const series of this.series) {
      const y = series.axis === 'right' ? yRight : yLeft;
      ctx.strokeStyle = series.color;
      ctx.lineWidth = series.dashed ? 1.5 : 2.2;
      ctx.setLineDash(series.dashed ? [6, 4] : []);
      ctx.beginPath();
      let drawing = false;
      for (const point of this.points) {
        const value = point.values[series.key];
        if (point.t < start - 2000 || value === null || value === undefined || Number.isNaN(value)) {
          drawing = false;
          continue;
        }
        if (drawing) {
          ctx.lineTo(x(point.t), y(value));
        } else {
          ctx.moveTo(x(point.t), y(value));
          drawing = true;
        }
      }
      ctx.stroke();
    }
    ctx.restore();
  }

  rightMax(start) {
    let max = 0;
    for (const point of this.points) {
      if (point.t < start) {
        continue;
      }
      for (const series of this.series) {
        const value = point.values[series.key];
        if (series.axis === 'right' && typeof value === 'number' && value > max) {
          max = value;
        }
      }
    }
    // Round up to 1, 2 or 5 times a power of ten so the axis labels stay readable.
    if (max <= 0) {
      return 1;
    }
    const magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (const step of [1, 2, 5, 10]) {
      if (max <= step * magnitude) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }
}

function formatNumber(value) {
  if (value >= 100) {
    return value.toFixed(0);
  }
  if (value >= 10) {
    return value.toFixed(1).replace(/\.0$/, '');
  }
  return value.toFixed(2).replace(/\.?0+$/, '') || '0';
}

/** Fills a legend element with one entry per series (dashed entries are targets). */
export function renderLegend(element, series) {
  element.replaceChildren(...series.map(s => {
    const item = document.createElement('span');
    const swatch = document.createElement('i');
    swatch.style.borderTopColor = s.color;
    if (s.dashed) {
      swatch.classList.add('dashed');
    }
    item.append(swatch, document.createTextNode(s.label));
    return item;
  }));
}
