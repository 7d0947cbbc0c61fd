package io.keycloakhooks.execlog;

/** Where every prehook call goes after it returns: the execution log and the meters. */
public final class ExecutionRecorder {

    private final ExecutionLog log;
    private final PrehookMetrics metrics;

    public ExecutionRecorder(ExecutionLog log, PrehookMetrics metrics) {
        this.log = log;
        this.metrics = metrics;
    }

    public void record(ExecutionRecord record) {
        log.record(record);
        metrics.call(record.trigger(), record.decision(), record.latencyMs());
    }

    public ExecutionLog log() {
        return log;
    }
}
