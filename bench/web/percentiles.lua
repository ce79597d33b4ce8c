-- wrk script: print latency percentiles (ms) and throughput as one parseable line.
done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format(
    "RESULT requests=%d errors=%d rps=%.1f p50=%.2f p95=%.2f p99=%.2f max=%.2f"
      .. " connect=%d read=%d write=%d status=%d timeout=%d\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.status + summary.errors.timeout,
    summary.requests / secs,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect, summary.errors.read, summary.errors.write,
    summary.errors.status, summary.errors.timeout))
end
