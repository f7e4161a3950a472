package dev.enclave.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * The images deploy/k8s deploys are the ones release.yml pushes for the same commit: {@code :<version>} (pom.xml's
 * version without -SNAPSHOT) for the JVM Deployment and the migration Job, {@code :<version>-native} for Knative. A
 * version bump that forgets the manifests, a manifest back on a floating tag, or a release that stops pushing the
 * version fails here, in {@code ./mvnw verify}, without kubectl ({@code .github/check-images.sh} checks what kustomize
 * renders, in CI's lint job).
 */
class ImageTagsTest {

    private static final String IMAGE = "ghcr.io/enclave/enclave";
    private static final Path K8S = Path.of("deploy", "k8s");
    private static final Pattern NEW_TAG = Pattern.compile("(?m)^\\s+newTag:\\s*\"?([^\"\\s#]+)\"?");
    private static final Pattern NEW_NAME = Pattern.compile("(?m)^\\s+newName:\\s*\"?([^\"\\s#]+)\"?");
    private static final Pattern IMAGE_LINE = Pattern.compile("(?m)^\\s+image:\\s*\"?([^\"\\s#]+)\"?");

    @Test
    void overlaysPinTheVersionTheReleasePushes() throws IOException {
        String version = releaseVersion();
        List<Path> overlays;
        try (Stream<Path> dirs = Files.list(K8S.resolve("overlays"))) {
            overlays = dirs.map(d -> d.resolve("kustomization.yaml")).filter(Files::isRegularFile).sorted().toList();
        }
        assertFalse(overlays.isEmpty(), "no overlays under " + K8S.resolve("overlays"));
        for (Path overlay : overlays) {
            assertImage(overlay, version);
        }
        assertImage(K8S.resolve("knative/kustomization.yaml"), version + "-native");
    }

    @Test
    void manifestsNameNoOtherImage() throws IOException {
        String version = releaseVersion();
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                String expected = IMAGE + ":" + version + (file.startsWith(K8S.resolve("knative")) ? "-native" : "");
                Matcher m = IMAGE_LINE.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(expected)) {
                        wrong.add(file + ": " + m.group(1) + " (expected " + expected + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), wrong, "image references that release.yml does not push for this version");
    }

    @Test
    void releasePushesTheVersionTagsAndRefusesAMismatchedGitTag() throws IOException {
        String release = Files.readString(Path.of(".github/workflows/release.yml"));
        assertTrue(release.contains("${{ steps.image.outputs.name }}:${{ steps.version.outputs.version }}\n"),
                "release.yml does not push the JVM image as :<version>");
        assertTrue(release.contains("${{ steps.image.outputs.name }}:${{ steps.version.outputs.version }}-native\n"),
                "release.yml does not push the native image as :<version>-native");
        assertTrue(release.contains("version=${version%-SNAPSHOT}"), "release.yml's version is not pom.xml's without -SNAPSHOT");
        assertTrue(release.contains("$GITHUB_REF_NAME != \"v$version\""), "release.yml does not refuse a tag other than v<version>");
        assertFalse(release.contains(":latest"), "release.yml pushes a floating tag that no manifest uses");
    }

    private static void assertImage(Path kustomization, String tag) throws IOException {
        String text = Files.readString(kustomization);
        assertTrue(text.contains("- name: " + IMAGE), kustomization + " has no images: entry for " + IMAGE);
        Matcher name = NEW_NAME.matcher(text);
        assertTrue(name.find(), kustomization + " has no newName");
        assertEquals(IMAGE, name.group(1), kustomization + ": newName");
        Matcher newTag = NEW_TAG.matcher(text);
        assertTrue(newTag.find(), kustomization + " has no newTag");
        assertEquals(tag, newTag.group(1), kustomization + ": newTag must be the tag release.yml pushes for pom.xml's version");
    }

    /** pom.xml's project version without -SNAPSHOT: the tag v&lt;version&gt; releases it as :&lt;version&gt;. */
    private static String releaseVersion() {
        try {
            Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile())
                    .getDocumentElement();
            for (var n = project.getFirstChild(); n != null; n = n.getNextSibling()) {
                if (n instanceof Element e && e.getTagName().equals("version")) {
                    return e.getTextContent().trim().replaceFirst("-SNAPSHOT$", "");
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot read pom.xml", e);
        }
        throw new IllegalStateException("pom.xml has no project version");
    }
}
