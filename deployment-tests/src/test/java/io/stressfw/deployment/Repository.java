package io.stressfw.deployment;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The checked-out repository the deployment files and the services live in. */
final class Repository {
    static final Path ROOT = Path.of(System.getProperty("stress.repository.root", "..")).toAbsolutePath().normalize();
    static final Path K8S = ROOT.resolve("k8s");
    static final Path COMPOSE_FILE = ROOT.resolve("docker-compose.yml");
    static final Path CREATE_TOPICS_SCRIPT = K8S.resolve("base/kafka/create-topics.sh");
    static final String IMAGE_GROUP = "stressfw";

    private Repository() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The version of the root POM, which every module inherits and every image is tagged with. */
    static String version() {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            var document = factory.newDocumentBuilder().parse(ROOT.resolve("pom.xml").toFile());
            for (Node child = document.getDocumentElement().getFirstChild(); child != null; child = child.getNextSibling()) {
                if (child instanceof Element element && element.getTagName().equals("version")) {
                    return element.getTextContent().trim();
                }
            }
            throw new IllegalStateException("the root pom.xml declares no <version>");
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom.xml", e);
        }
    }

    /** The image name of a service module, one scheme for compose, Kubernetes and the Dockerfiles' build lines. */
    static String image(ServiceModule module) {
        return IMAGE_GROUP + "/" + module.artifactId() + ":" + version();
    }

    static List<Path> filesUnder(Path directory, String suffix) {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
