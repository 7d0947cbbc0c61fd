package io.keycloakhooks.project;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * What the shipped classes use of the libraries Keycloak provides: every class they name (supertypes, types in
 * descriptors, casts, annotations, constants) and every field and method they call or read, with its exact descriptor
 * and the instruction that uses it. References to the JDK and to the shipped classes themselves are left out.
 */
final class ApiReferences {

    /** A class a shipped class names; {@code site} is the shipped class. */
    record ClassRef(String name, String site) {
    }

    /**
     * A field or method a shipped class uses. {@code opcode} is the JVM instruction (GETFIELD, INVOKESTATIC, ...), or
     * for a method handle its ASM handle tag plus 1000; {@code viaInterface} says whether the owner is named as an
     * interface.
     */
    record MemberRef(String owner, String name, String descriptor, boolean field, int opcode, boolean viaInterface,
            String site) {
        boolean isStatic() {
            return opcode == Opcodes.INVOKESTATIC || opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC
                    || opcode == 1000 + Opcodes.H_INVOKESTATIC || opcode == 1000 + Opcodes.H_GETSTATIC
                    || opcode == 1000 + Opcodes.H_PUTSTATIC;
        }

        String display() {
            return owner.replace('/', '.') + (field ? "." + name + ":" : "." + name) + descriptor;
        }
    }

    final Set<ClassRef> classes = new LinkedHashSet<>();
    final Set<MemberRef> members = new LinkedHashSet<>();
    /** The shipped classes' own names. */
    final List<String> shipped = new ArrayList<>();

    private final Predicate<String> external;

    private ApiReferences(Predicate<String> external) {
        this.external = external;
    }

    /** Just these member references, for testing the check itself. */
    static ApiReferences of(MemberRef... refs) {
        ApiReferences result = new ApiReferences(name -> true);
        result.members.addAll(List.of(refs));
        return result;
    }

    /** Scans every class file under {@code classesDir}. */
    static ApiReferences scan(Path classesDir) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classesDir)) {
            files = walk.filter(p -> p.toString().endsWith(".class")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> own = new LinkedHashSet<>();
        for (Path file : files) {
            String relative = classesDir.relativize(file).toString().replace('\\', '/');
            own.add(relative.substring(0, relative.length() - ".class".length()));
        }
        ApiReferences refs = new ApiReferences(name -> !own.contains(name) && !ClassIndex.isJdk(name));
        refs.shipped.addAll(own);
        for (Path file : files) {
            try {
                new ClassReader(Files.readAllBytes(file)).accept(refs.new Scanner(), ClassReader.SKIP_DEBUG);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return refs;
    }

    private void type(Type type, String site) {
        switch (type.getSort()) {
            case Type.ARRAY -> type(type.getElementType(), site);
            case Type.OBJECT -> {
                if (external.test(type.getInternalName())) {
                    classes.add(new ClassRef(type.getInternalName(), site));
                }
            }
            case Type.METHOD -> {
                type(type.getReturnType(), site);
                for (Type argument : type.getArgumentTypes()) {
                    type(argument, site);
                }
            }
            default -> {
                // primitives name no class
            }
        }
    }

    private void internalName(String name, String site) {
        if (name != null) {
            type(name.startsWith("[") ? Type.getType(name) : Type.getObjectType(name), site);
        }
    }

    private void member(String owner, String name, String descriptor, boolean field, int opcode, boolean itf,
            String site) {
        internalName(owner, site);
        type(Type.getType(descriptor), site);
        if (!owner.startsWith("[") && external.test(owner)) {
            members.add(new MemberRef(owner, name, descriptor, field, opcode, itf, site));
        }
    }

    private void constant(Object value, String site) {
        if (value instanceof Type type) {
            type(type, site);
        } else if (value instanceof Handle handle) {
            boolean field = handle.getTag() <= Opcodes.H_PUTSTATIC;
            member(handle.getOwner(), handle.getName(), handle.getDesc(), field, 1000 + handle.getTag(),
                    handle.isInterface(), site);
        }
    }

    private final class Scanner extends ClassVisitor {
        private String site;

        Scanner() {
            super(Opcodes.ASM9);
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                String[] interfaces) {
            site = name.replace('/', '.');
            internalName(superName, site);
            for (String itf : interfaces == null ? new String[0] : interfaces) {
                internalName(itf, site);
            }
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            type(Type.getType(descriptor), site);
            return new Annotations(site);
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            type(Type.getType(descriptor), site);
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    type(Type.getType(annotation), site);
                    return new Annotations(site);
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                String[] exceptions) {
            type(Type.getType(descriptor), site);
            for (String exception : exceptions == null ? new String[0] : exceptions) {
                internalName(exception, site);
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    type(Type.getType(annotation), site);
                    return new Annotations(site);
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
                    type(Type.getType(annotation), site);
                    return new Annotations(site);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    internalName(type, site);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String fieldName, String fieldDescriptor) {
                    member(owner, fieldName, fieldDescriptor, true, opcode, false, site);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String methodName, String methodDescriptor,
                        boolean isInterface) {
                    member(owner, methodName, methodDescriptor, false, opcode, isInterface, site);
                }

                @Override
                public void visitInvokeDynamicInsn(String indyName, String indyDescriptor, Handle bootstrap,
                        Object... arguments) {
                    type(Type.getType(indyDescriptor), site);
                    constant(bootstrap, site);
                    for (Object argument : arguments) {
                        constant(argument, site);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value, site);
                }

                @Override
                public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                    type(Type.getType(arrayDescriptor), site);
                }

                @Override
                public void visitTryCatchBlock(org.objectweb.asm.Label start, org.objectweb.asm.Label end,
                        org.objectweb.asm.Label handler, String type) {
                    internalName(type, site);
                }
            };
        }
    }

    /** Annotation values that name classes or enum constants. */
    private final class Annotations extends AnnotationVisitor {
        private final String site;

        Annotations(String site) {
            super(Opcodes.ASM9);
            this.site = site;
        }

        @Override
        public void visit(String name, Object value) {
            if (value instanceof Type type) {
                type(type, site);
            }
        }

        @Override
        public void visitEnum(String name, String descriptor, String value) {
            type(Type.getType(descriptor), site);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String name, String descriptor) {
            type(Type.getType(descriptor), site);
            return this;
        }

        @Override
        public AnnotationVisitor visitArray(String name) {
            return this;
        }
    }
}
