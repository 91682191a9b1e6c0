package io.leadwire.quality;

/** Lets tests in other packages run one judging pass of a stage synchronously, without its thread. */
public final class QualityStageAccess {
    private QualityStageAccess() {
    }

    public static int judgeWaiting(QualityStage stage) {
        return stage.judgeWaiting();
    }
}
