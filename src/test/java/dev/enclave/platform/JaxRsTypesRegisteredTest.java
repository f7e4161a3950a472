package dev.enclave.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.FieldInfo;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.MethodInfo;
import org.jboss.jandex.MethodParameterInfo;
import org.jboss.jandex.Type;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.LocalVariableNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.TypeInsnNode;
import org.objectweb.asm.tree.VarInsnNode;
import org.objectweb.asm.tree.analysis.Analyzer;
import org.objectweb.asm.tree.analysis.AnalyzerException;
import org.objectweb.asm.tree.analysis.Frame;
import org.objectweb.asm.tree.analysis.SourceInterpreter;
import org.objectweb.asm.tree.analysis.SourceValue;

import dev.enclave.testing.ReflectionRegistry;

/**
 * The static half of the native registration check (the run-time half is {@code JacksonReflectionGuard}, in every
 * {@code @QuarkusTest}, and {@code NativeReflectionTest}): every application type a JAX-RS resource method declares as
 * its result or its JSON body; every application type the bytecode hands to {@code Response.entity(...)} /
 * {@code Response.ok(...)} anywhere ({@code DocumentResponse}, {@code Problem}, which Quarkus cannot see);
 * and every application type reachable from those through record components and fields (e.g. {@code Problem.FieldError}
 * inside {@code Problem}, a page's items): all registered for reflection. Quarkus registers declared return types
 * itself, but not what sits behind {@code Response}; one rule for all keeps the native image independent of how a
 * resource happens to return its body. The failure names each missing type and the method that exposes it.
 */
class JaxRsTypesRegisteredTest {

    private static final Set<DotName> HTTP_METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE").stream()
            .map(m -> DotName.createSimple("jakarta.ws.rs." + m)).collect(Collectors.toSet());

    @Test
    void everyApplicationTypeOfAResourceSignatureIsRegisteredForReflection() {
        ReflectionRegistry registry = ReflectionRegistry.ofApplication();
        IndexView index = registry.index();
        Map<String, String> exposedBy = new TreeMap<>(); // type -> the first resource method that exposes it
        int methods = 0;
        for (DotName http : HTTP_METHODS) {
            for (AnnotationInstance a : index.getAnnotations(http)) {
                if (a.target().kind() != org.jboss.jandex.AnnotationTarget.Kind.METHOD) {
                    continue;
                }
                MethodInfo method = a.target().asMethod();
                String where = method.declaringClass().simpleName() + "." + method.name();
                methods++;
                walk(index, method.returnType(), where, exposedBy);
                for (MethodParameterInfo p : method.parameters()) {
                    if (method.parameterType(p.position()).kind() != Type.Kind.PRIMITIVE && isBody(method, p.position())) {
                        walk(index, method.parameterType(p.position()), where + " (body)", exposedBy);
                    }
                }
            }
        }
        assertTrue(methods > 50, "found only " + methods + " resource methods: is target/classes indexed?");
        entityArguments().forEach((type, where) -> walk(index, Type.create(DotName.createSimple(type), Type.Kind.CLASS), where,
                exposedBy));
        // Both reach Jackson only through Response.entity(...): the bytecode scan must have found them.
        assertTrue(exposedBy.containsKey("dev.enclave.document.DocumentResponse")
                && exposedBy.containsKey("dev.enclave.platform.Problem")
                && exposedBy.containsKey("dev.enclave.platform.Problem$FieldError"), "types found: " + exposedBy.keySet());

        List<String> missing = exposedBy.entrySet().stream()
                .filter(e -> !registry.isRegistered(e.getKey()))
                .map(e -> e.getKey() + " (via " + e.getValue() + ")")
                .toList();
        assertEquals(List.of(), missing, "reach Jackson through a resource method but are not registered for reflection "
                + "(add @RegisterForReflection): the native executable would fail on them");
    }

    /**
     * What the application hands to {@code Response.entity(...)} / {@code Response.ok(...)} anywhere (resource methods,
     * lambdas, exception mappers, {@code Problem.toResponse}): the static type of each such argument, from the bytecode
     * (the producing call's return type, the created or cast class, or the local variable's declared type). An argument
     * typed only {@code Object} says nothing statically; the run-time guard covers those.
     */
    private static Map<String, String> entityArguments() {
        Map<String, String> found = new TreeMap<>();
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                ClassNode c = new ClassNode();
                try (InputStream in = Files.newInputStream(file)) {
                    new ClassReader(in).accept(c, 0);
                }
                for (MethodNode m : c.methods) {
                    entityArguments(c, m, found);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return found;
    }

    private static void entityArguments(ClassNode c, MethodNode m, Map<String, String> found) {
        if (m.instructions.size() == 0 || !callsEntity(m)) {
            return;
        }
        Frame<SourceValue>[] frames;
        try {
            frames = new Analyzer<>(new SourceInterpreter()).analyze(c.name, m);
        } catch (AnalyzerException e) {
            throw new IllegalStateException("cannot analyze " + c.name + "." + m.name, e);
        }
        for (int i = 0; i < m.instructions.size(); i++) {
            if (m.instructions.get(i) instanceof MethodInsnNode call && isEntityCall(call) && frames[i] != null) {
                int args = org.objectweb.asm.Type.getArgumentTypes(call.desc).length;
                SourceValue arg = frames[i].getStack(frames[i].getStackSize() - args); // the first argument: the body
                for (AbstractInsnNode source : arg.insns) {
                    String type = typeOf(m, source);
                    if (type != null && type.startsWith("dev.enclave.")) {
                        found.putIfAbsent(type, c.name.replace('/', '.') + "." + m.name + " (Response entity)");
                    }
                }
            }
        }
    }

    private static boolean callsEntity(MethodNode m) {
        for (AbstractInsnNode insn : m.instructions) {
            if (insn instanceof MethodInsnNode call && isEntityCall(call)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isEntityCall(MethodInsnNode call) {
        boolean objectFirst = call.desc.startsWith("(Ljava/lang/Object;");
        return objectFirst && switch (call.owner) {
            case "jakarta/ws/rs/core/Response$ResponseBuilder" -> call.name.equals("entity");
            case "jakarta/ws/rs/core/Response", "org/jboss/resteasy/reactive/RestResponse",
                    "org/jboss/resteasy/reactive/RestResponse$ResponseBuilder" -> call.name.equals("ok")
                            || call.name.equals("accepted") || call.name.equals("entity");
            default -> false;
        };
    }

    /** The static type of the value an instruction pushes, as a class name, or null when unknown. */
    private static String typeOf(MethodNode m, AbstractInsnNode source) {
        org.objectweb.asm.Type t = null;
        if (source instanceof MethodInsnNode call) {
            t = org.objectweb.asm.Type.getReturnType(call.desc);
        } else if (source instanceof TypeInsnNode type
                && (source.getOpcode() == Opcodes.NEW || source.getOpcode() == Opcodes.CHECKCAST)) {
            t = org.objectweb.asm.Type.getObjectType(type.desc);
        } else if (source instanceof FieldInsnNode field) {
            t = org.objectweb.asm.Type.getType(field.desc);
        } else if (source instanceof VarInsnNode load && source.getOpcode() == Opcodes.ALOAD) {
            t = localType(m, load);
        }
        if (t != null && t.getSort() == org.objectweb.asm.Type.ARRAY) {
            t = t.getElementType();
        }
        return t != null && t.getSort() == org.objectweb.asm.Type.OBJECT ? t.getClassName() : null;
    }

    private static org.objectweb.asm.Type localType(MethodNode m, VarInsnNode load) {
        if (m.localVariables == null) {
            return null; // compiled without debug information
        }
        int at = m.instructions.indexOf(load);
        for (LocalVariableNode v : m.localVariables) {
            if (v.index == load.var && m.instructions.indexOf(v.start) <= at && at <= m.instructions.indexOf(v.end)) {
                return org.objectweb.asm.Type.getType(v.desc);
            }
        }
        return null;
    }

    /** A parameter without JAX-RS/RESTEasy annotations is the request body. */
    private static boolean isBody(MethodInfo method, int position) {
        return method.annotations().stream()
                .filter(a -> a.target().kind() == org.jboss.jandex.AnnotationTarget.Kind.METHOD_PARAMETER)
                .noneMatch(a -> a.target().asMethodParameter().position() == position);
    }

    /** Application classes in the type, its type arguments, and (for application classes) their fields, transitively. */
    private static void walk(IndexView index, Type root, String where, Map<String, String> exposedBy) {
        Deque<Type> todo = new ArrayDeque<>(List.of(root));
        while (!todo.isEmpty()) {
            Type t = todo.pop();
            switch (t.kind()) {
                case PARAMETERIZED_TYPE -> todo.addAll(t.asParameterizedType().arguments());
                case ARRAY -> todo.add(t.asArrayType().constituent());
                case WILDCARD_TYPE -> todo.add(t.asWildcardType().extendsBound());
                default -> {
                }
            }
            if (t.kind() != Type.Kind.CLASS && t.kind() != Type.Kind.PARAMETERIZED_TYPE) {
                continue;
            }
            ClassInfo c = index.getClassByName(t.name());
            if (c == null || !c.name().toString().startsWith("dev.enclave.") || exposedBy.containsKey(c.name().toString())) {
                continue; // a library's type, or seen
            }
            if (c.isInterface() || c.isAnnotation()) {
                continue; // Jackson serializes the runtime class; the guard sees that one
            }
            exposedBy.put(c.name().toString(), where);
            for (FieldInfo f : c.fields()) {
                if (!java.lang.reflect.Modifier.isStatic(f.flags())) {
                    todo.add(f.type());
                }
            }
        }
    }
}
