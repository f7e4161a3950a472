package dev.enclave.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.AnnotationValue;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.Type;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What the native build registers for reflection through {@code @RegisterForReflection} in the application's own
 * classes (target/classes, not the tests'), read the way Quarkus reads it: the annotated class and, unless
 * {@code ignoreNested}, its nested classes; or only the {@code targets}/{@code classNames} when given.
 */
public final class ReflectionRegistry {

    private static final DotName REGISTER = DotName.createSimple(RegisterForReflection.class.getName());

    private final Index index;
    private final Set<String> applicationClasses = new HashSet<>();
    private final Set<String> registered = new HashSet<>();

    private ReflectionRegistry(Index index) {
        this.index = index;
        index.getKnownClasses().forEach(c -> applicationClasses.add(c.name().toString()));
        for (AnnotationInstance a : index.getAnnotations(REGISTER)) {
            if (a.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.CLASS) {
                continue;
            }
            ClassInfo annotated = a.target().asClass();
            AnnotationValue targets = a.value("targets");
            AnnotationValue names = a.value("classNames");
            if (targets != null || names != null) {
                if (targets != null) {
                    for (Type t : targets.asClassArray()) {
                        registered.add(t.name().toString());
                    }
                }
                if (names != null) {
                    registered.addAll(Set.of(names.asStringArray()));
                }
                continue;
            }
            String name = annotated.name().toString();
            registered.add(name);
            AnnotationValue ignoreNested = a.value("ignoreNested");
            if (ignoreNested == null || !ignoreNested.asBoolean()) {
                applicationClasses.stream().filter(c -> c.startsWith(name + "$")).forEach(registered::add);
            }
        }
    }

    /** Indexes the compiled application classes of this module. */
    public static ReflectionRegistry ofApplication() {
        Path classes = Path.of("target", "classes");
        if (!Files.isDirectory(classes)) {
            throw new IllegalStateException("no " + classes.toAbsolutePath() + ": run from the module directory after compiling");
        }
        Indexer indexer = new Indexer();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    indexer.index(in);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new ReflectionRegistry(indexer.complete());
    }

    /** A class of the application itself (not a library's, not a test's). */
    public boolean isApplicationClass(Class<?> type) {
        return applicationClasses.contains(type.getName());
    }

    public boolean isRegistered(Class<?> type) {
        return isRegistered(type.getName());
    }

    /** By binary name ({@code a.b.Outer$Inner}). */
    public boolean isRegistered(String className) {
        return registered.contains(className);
    }

    /** The Jandex index of the application's classes (for static checks of what they declare). */
    public Index index() {
        return index;
    }
}
