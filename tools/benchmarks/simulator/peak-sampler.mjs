// Peak memory of this process: RSS and V8's used heap sampled every few milliseconds, beside the kernel's own
// high-water mark (`resourceUsage().maxRSS`), which also catches a peak between two samples.
import { getHeapStatistics } from 'node:v8';

/** Starts sampling at once; `peaks()` reads the figures so far (bytes), `stop()` ends the sampling. */
export function createPeakSampler(intervalMs = 25) {
  let rss = 0;
  let heapUsed = 0;
  let samples = 0;
  const sample = () => {
    // `memoryUsage.rss()` reads only the RSS: `memoryUsage()` would cost far more at this rate.
    rss = Math.max(rss, process.memoryUsage.rss());
    heapUsed = Math.max(heapUsed, getHeapStatistics().used_heap_size);
    samples++;
  };
  sample();
  const timer = setInterval(sample, intervalMs).unref();
  return {
    peaks() {
      sample();
      return { peakRss: rss, peakHeapUsed: heapUsed, maxRss: process.resourceUsage().maxRSS * 1024, samples };
    },
    stop: () => clearInterval(timer),
  };
}
