package io.stressfw.deployment;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** deploy/README.md's commands name things that exist. */
class ReadmeTest {
    static final String README = Repository.read(Repository.path("deploy/README.md"));

    @Test
    void everyKustomizationTheReadmeAppliesExists() {
        Matcher apply = Pattern.compile("kubectl apply -k ([\\w./-]+)").matcher(README);
        List<Path> applied = new ArrayList<>();
        while (apply.find()) {
            applied.add(Repository.ROOT.resolve(apply.group(1)).normalize());
        }
        assertThat(applied).isNotEmpty().allSatisfy(path -> assertThat(Rendering.kustomizationRoots()).contains(path));
    }

    @Test
    void everyModuleTheReadmeBuildsIsAServiceWithItsDockerfile() {
        assertThat(README).contains("-t stressfw/$m:" + Repository.version());
        Matcher loop = Pattern.compile("for m in ([\\w\\s-]+?); do").matcher(README);
        assertThat(loop.find()).isTrue();
        assertThat(List.of(loop.group(1).trim().split("\\s+"))).containsExactlyInAnyOrder(
                java.util.Arrays.stream(ServiceModule.values()).map(ServiceModule::artifactId).toArray(String[]::new));
    }

    @Test
    void readmeScalesAgentsAndCreatesEverySecretProdNeedsInTheDeployedNamespace() {
        String namespace = Kustomization.read(Repository.K8S.resolve("base")).namespace();
        assertThat(README).contains("kubectl -n " + namespace + " scale deployment/" + ServiceModule.AGENT.artifactId());
        for (String secret : ReferencesTest.EXTERNAL_SECRETS) {
            assertThat(README).contains("kubectl -n " + namespace + " create secret generic " + secret);
        }
    }
}
