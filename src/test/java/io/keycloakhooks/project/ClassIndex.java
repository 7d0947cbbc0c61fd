package io.keycloakhooks.project;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * The classes one runtime sees, by internal name: a folder of class files (the shipped classes), the jars of a
 * Keycloak distribution's {@code lib/lib/main} and {@code lib/lib/boot}, and the running JDK. Only the shape of each class is kept: its
 * supertypes and the name, descriptor and access of its members.
 */
final class ClassIndex implements AutoCloseable {

    record Member(String name, String descriptor, int access) {
        boolean isStatic() {
            return (access & Opcodes.ACC_STATIC) != 0;
        }

        boolean isPrivate() {
            return (access & Opcodes.ACC_PRIVATE) != 0;
        }

        boolean isAbstract() {
            return (access & Opcodes.ACC_ABSTRACT) != 0;
        }
    }

    record ClassShape(String name, int access, String superName, List<String> interfaces, List<Member> methods,
            List<Member> fields) {
        boolean isInterface() {
            return (access & Opcodes.ACC_INTERFACE) != 0;
        }

        Optional<Member> method(String methodName, String descriptor) {
            return methods.stream().filter(m -> m.name().equals(methodName) && m.descriptor().equals(descriptor))
                    .findFirst();
        }

        Optional<Member> field(String fieldName, String descriptor) {
            return fields.stream().filter(f -> f.name().equals(fieldName) && f.descriptor().equals(descriptor))
                    .findFirst();
        }
    }

    private final Path classesDir;
    private final List<JarFile> jars = new ArrayList<>();
    /** Class name to the jar that holds it; built on first use from the jars' directories. */
    private final Map<String, JarFile> jarOf = new HashMap<>();
    private final Map<String, Optional<ClassShape>> shapes = new HashMap<>();

    /** @param classesDir the shipped classes (may be null); @param libDirs folders of jars */
    ClassIndex(Path classesDir, List<Path> libDirs) {
        this.classesDir = classesDir;
        for (Path libDir : libDirs) {
            try (Stream<Path> files = Files.list(libDir)) {
                for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                    JarFile file = new JarFile(jar.toFile());
                    jars.add(file);
                    file.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class"))
                            .forEach(n -> jarOf.putIfAbsent(n.substring(0, n.length() - ".class".length()), file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The class, from the shipped classes first, then the distribution, then the JDK; empty if none has it. */
    Optional<ClassShape> find(String internalName) {
        return shapes.computeIfAbsent(internalName, this::load);
    }

    boolean isShipped(String internalName) {
        return classesDir != null && Files.isRegularFile(classesDir.resolve(internalName + ".class"));
    }

    private Optional<ClassShape> load(String name) {
        try {
            if (isShipped(name)) {
                return Optional.of(read(Files.readAllBytes(classesDir.resolve(name + ".class"))));
            }
            JarFile jar = jarOf.get(name);
            if (jar != null) {
                try (InputStream in = jar.getInputStream(jar.getEntry(name + ".class"))) {
                    return Optional.of(read(in.readAllBytes()));
                }
            }
            if (isJdk(name)) {
                try (InputStream in = ClassLoader.getPlatformClassLoader().getResourceAsStream(name + ".class")) {
                    return in == null ? Optional.empty() : Optional.of(read(in.readAllBytes()));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isJdk(String internalName) {
        return Stream.of("java/", "javax/", "jdk/", "sun/", "com/sun/", "org/w3c/", "org/xml/", "org/ietf/")
                .anyMatch(internalName::startsWith)
                && !internalName.startsWith("javax/persistence/") && !internalName.startsWith("javax/ws/");
    }

    private static ClassShape read(byte[] bytes) {
        List<Member> methods = new ArrayList<>();
        List<Member> fields = new ArrayList<>();
        ClassShape[] result = new ClassShape[1];
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
            private String name;
            private int access;
            private String superName;
            private List<String> interfaces;

            @Override
            public void visit(int version, int acc, String n, String signature, String sup, String[] ifaces) {
                name = n;
                access = acc;
                superName = sup;
                interfaces = ifaces == null ? List.of() : List.of(ifaces);
            }

            @Override
            public MethodVisitor visitMethod(int acc, String n, String descriptor, String signature,
                    String[] exceptions) {
                methods.add(new Member(n, descriptor, acc));
                return null;
            }

            @Override
            public FieldVisitor visitField(int acc, String n, String descriptor, String signature, Object value) {
                fields.add(new Member(n, descriptor, acc));
                return null;
            }

            @Override
            public void visitEnd() {
                result[0] = new ClassShape(name, access, superName, interfaces, List.copyOf(methods),
                        List.copyOf(fields));
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return result[0];
    }

    @Override
    public void close() throws IOException {
        for (JarFile jar : jars) {
            jar.close();
        }
    }
}
