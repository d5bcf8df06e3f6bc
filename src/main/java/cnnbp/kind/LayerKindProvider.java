package cnnbp.kind;

import java.util.List;

/**
 * What a plugin jar (and cnnbp itself) offers {@link java.util.ServiceLoader}: its layer kinds. List
 * the implementing class in {@code META-INF/services/cnnbp.kind.LayerKindProvider}; it needs a public
 * no-argument constructor.
 */
public interface LayerKindProvider {
    /** The kinds this provider registers, each under its {@link LayerKind#key()}. */
    List<LayerKind> kinds();
}
