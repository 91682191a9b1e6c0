package io.leadwire.mapping.template;

/** A body template that cannot be compiled: a syntax error, an unknown filter or tag, with its place. */
public final class TemplateSyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    /**
     * @param line    1-based line, or 0 when unknown
     * @param column  1-based column, or 0 when unknown
     * @param problem what is wrong, as the template library words it
     */
    public TemplateSyntaxException(int line, int column, String problem) {
        super((line > 0 ? "line " + line + (column > 0 ? ", column " + column : "") + ": " : "") + problem);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the problem, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** 1-based column of the problem, or 0 when unknown. */
    public int column() {
        return column;
    }
}
