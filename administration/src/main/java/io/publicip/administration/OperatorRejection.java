package io.publicip.administration;

/** An operator request refused before it changed anything; the message says why, for a person. */
public class OperatorRejection extends RuntimeException {

    public enum Kind { INVALID, NOT_FOUND, CONFLICT }

    private final Kind kind;

    public OperatorRejection(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public static OperatorRejection invalid(String message) {
        return new OperatorRejection(Kind.INVALID, message);
    }

    public static OperatorRejection notFound(String message) {
        return new OperatorRejection(Kind.NOT_FOUND, message);
    }

    public static OperatorRejection conflict(String message) {
        return new OperatorRejection(Kind.CONFLICT, message);
    }

    public Kind kind() {
        return kind;
    }
}
