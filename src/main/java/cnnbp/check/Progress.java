package cnnbp.check;

/** Told after each checked element how many of how many are done, so that a terminal can show a bar. */
@FunctionalInterface
public interface Progress {
    Progress NONE = (done, total) -> {};

    void update(long done, long total);
}
