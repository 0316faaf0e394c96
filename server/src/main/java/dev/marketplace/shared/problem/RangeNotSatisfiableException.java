package dev.marketplace.shared.problem;

/** A {@code Range} that cannot be served: answered as a 416 problem with {@code Content-Range: bytes *}{@code /<size>}. */
public class RangeNotSatisfiableException extends ApiException {

    private final long size;

    public RangeNotSatisfiableException(String detail, long size) {
        super(ProblemType.RANGE_NOT_SATISFIABLE, detail);
        this.size = size;
    }

    public long size() {
        return size;
    }
}
