package io.keycloakhooks.project;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.keycloakhooks.project.ApiReferences.ClassRef;
import io.keycloakhooks.project.ApiReferences.MemberRef;
import io.keycloakhooks.project.ClassIndex.ClassShape;
import io.keycloakhooks.project.ClassIndex.Member;
import org.objectweb.asm.Opcodes;

/**
 * Links the shipped classes' references against one Keycloak distribution the way the JVM would: each class must
 * exist, each field and method must resolve (through superclasses and interfaces) to a member with the exact
 * descriptor, the same static-ness and an access the shipped code may use, and every concrete shipped class must
 * still implement every abstract method its Keycloak supertypes declare there. A shipped method that overrides a
 * Keycloak method on the reference version must override it on this one too, or Keycloak would never call it.
 */
final class ApiCheck {

    private ApiCheck() {
    }

    /** Problems linking {@code refs} against {@code index} (which holds {@code version}); empty when it links. */
    static List<String> problems(ApiReferences refs, ClassIndex index, String version) {
        Set<String> problems = new LinkedHashSet<>();
        for (ClassRef ref : refs.classes) {
            if (index.find(ref.name()).isEmpty()) {
                problems.add("Keycloak " + version + " has no class " + dotted(ref.name()) + " (used by "
                        + ref.site() + ")");
            }
        }
        for (MemberRef ref : refs.members) {
            memberProblem(ref, index).ifPresent(reason -> problems.add("Keycloak " + version + ": "
                    + (ref.field() ? "field " : "method ") + ref.display() + " (used by " + ref.site() + ") "
                    + reason));
        }
        for (String shipped : refs.shipped) {
            problems.addAll(inheritanceProblems(shipped, index, version));
        }
        return List.copyOf(problems);
    }

    /** The shipped methods that override a method declared by a type outside the shipped classes, as Class.name+desc. */
    static Set<String> overrides(ApiReferences refs, ClassIndex index) {
        Set<String> result = new LinkedHashSet<>();
        for (String shipped : refs.shipped) {
            ClassShape shape = index.find(shipped).orElseThrow();
            for (Member method : shape.methods()) {
                if (method.isStatic() || method.isPrivate() || method.name().startsWith("<")
                        || (method.access() & Opcodes.ACC_SYNTHETIC) != 0) {
                    continue;
                }
                for (String supertype : supertypes(shape, index)) {
                    if (index.isShipped(supertype) || supertype.equals("java/lang/Object")) {
                        continue;
                    }
                    Optional<Member> declared = index.find(supertype).flatMap(s -> s.method(method.name(),
                            method.descriptor()));
                    if (declared.isPresent() && !declared.get().isStatic() && !declared.get().isPrivate()) {
                        result.add(dotted(shipped) + "." + method.name() + method.descriptor() + " overrides "
                                + dotted(supertype) + "." + method.name());
                    }
                }
            }
        }
        return result;
    }

    private static Optional<String> memberProblem(MemberRef ref, ClassIndex index) {
        Optional<ClassShape> owner = index.find(ref.owner());
        if (owner.isEmpty()) {
            return Optional.of("does not link: no class " + dotted(ref.owner()));
        }
        if (!ref.field() && ref.opcode() < 1000 && ref.viaInterface() != owner.get().isInterface()) {
            return Optional.of("does not link: " + dotted(ref.owner()) + " is "
                    + (owner.get().isInterface() ? "an interface" : "a class") + " there");
        }
        Optional<Member> found = ref.field() ? resolveField(owner.get(), ref.name(), ref.descriptor(), index)
                : resolveMethod(owner.get(), ref.name(), ref.descriptor(), index);
        if (found.isEmpty()) {
            return Optional.of("does not exist with this signature");
        }
        Member member = found.get();
        if (member.isPrivate()) {
            return Optional.of("is private there");
        }
        if ((member.access() & (Opcodes.ACC_PUBLIC | Opcodes.ACC_PROTECTED)) == 0) {
            return Optional.of("is package-private there");
        }
        boolean constructor = ref.name().equals("<init>");
        if (!constructor && member.isStatic() != ref.isStatic()) {
            return Optional.of("is " + (member.isStatic() ? "static" : "not static") + " there");
        }
        return Optional.empty();
    }

    /** Field lookup as the JVM does it: the class, its interfaces, then its superclass. */
    static Optional<Member> resolveField(ClassShape type, String name, String descriptor, ClassIndex index) {
        Optional<Member> own = type.field(name, descriptor);
        if (own.isPresent()) {
            return own;
        }
        for (String itf : type.interfaces()) {
            Optional<Member> inherited = index.find(itf).flatMap(s -> resolveField(s, name, descriptor, index));
            if (inherited.isPresent()) {
                return inherited;
            }
        }
        return type.superName() == null ? Optional.empty()
                : index.find(type.superName()).flatMap(s -> resolveField(s, name, descriptor, index));
    }

    /** Method lookup as the JVM does it: the class and its superclasses, then every superinterface. */
    static Optional<Member> resolveMethod(ClassShape type, String name, String descriptor, ClassIndex index) {
        for (Optional<ClassShape> c = Optional.of(type); c.isPresent();
                c = c.get().superName() == null ? Optional.empty() : index.find(c.get().superName())) {
            Optional<Member> declared = c.get().method(name, descriptor);
            if (declared.isPresent()) {
                return declared;
            }
        }
        if (type.isInterface()) {
            Optional<Member> fromObject = index.find("java/lang/Object").flatMap(o -> o.method(name, descriptor))
                    .filter(m -> (m.access() & Opcodes.ACC_PUBLIC) != 0);
            if (fromObject.isPresent()) {
                return fromObject;
            }
        }
        for (String itf : supertypes(type, index)) {
            Optional<ClassShape> shape = index.find(itf);
            if (shape.isPresent() && shape.get().isInterface()) {
                Optional<Member> declared = shape.get().method(name, descriptor).filter(m -> !m.isStatic()
                        && !m.isPrivate());
                if (declared.isPresent()) {
                    return declared;
                }
            }
        }
        return Optional.empty();
    }

    private static List<String> inheritanceProblems(String shipped, ClassIndex index, String version) {
        ClassShape shape = index.find(shipped).orElseThrow();
        List<String> problems = new ArrayList<>();
        List<String> supertypes = supertypes(shape, index);
        for (String supertype : supertypes) {
            if (index.find(supertype).isEmpty()) {
                problems.add("Keycloak " + version + " has no class " + dotted(supertype) + " (a supertype of "
                        + dotted(shipped) + ")");
            }
        }
        if (shape.isInterface() || (shape.access() & Opcodes.ACC_ABSTRACT) != 0 || !problems.isEmpty()) {
            return problems;
        }
        for (String supertype : supertypes) {
            if (index.isShipped(supertype)) {
                continue;
            }
            for (Member method : index.find(supertype).orElseThrow().methods()) {
                if (method.isAbstract() && !implemented(shape, method, index)) {
                    problems.add("Keycloak " + version + ": " + dotted(shipped) + " does not implement "
                            + dotted(supertype) + "." + method.name() + method.descriptor()
                            + ", which is abstract there");
                }
            }
        }
        return problems;
    }

    private static boolean implemented(ClassShape type, Member abstractMethod, ClassIndex index) {
        for (Optional<ClassShape> c = Optional.of(type); c.isPresent();
                c = c.get().superName() == null ? Optional.empty() : index.find(c.get().superName())) {
            Optional<Member> declared = c.get().method(abstractMethod.name(), abstractMethod.descriptor());
            if (declared.isPresent() && !declared.get().isStatic()) {
                return !declared.get().isAbstract();
            }
        }
        return supertypes(type, index).stream().map(index::find).flatMap(Optional::stream)
                .filter(ClassShape::isInterface)
                .flatMap(s -> s.method(abstractMethod.name(), abstractMethod.descriptor()).stream())
                .anyMatch(m -> !m.isAbstract() && !m.isStatic() && !m.isPrivate());
    }

    /** Every superclass and superinterface of {@code type}, nearest first, each once; missing ones included. */
    static List<String> supertypes(ClassShape type, ClassIndex index) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> queue = new ArrayList<>();
        if (type.superName() != null) {
            queue.add(type.superName());
        }
        queue.addAll(type.interfaces());
        while (!queue.isEmpty()) {
            String next = queue.remove(0);
            if (seen.add(next)) {
                index.find(next).ifPresent(s -> {
                    if (s.superName() != null) {
                        queue.add(s.superName());
                    }
                    queue.addAll(s.interfaces());
                });
            }
        }
        return List.copyOf(seen);
    }

    static String dotted(String internalName) {
        return internalName.replace('/', '.');
    }
}
