package io.citadel.core.crypto;

import java.security.Security;
import org.junit.jupiter.api.Assumptions;

/**
 * The JDK's own ML-DSA (JDK 24+) as an independent implementation to check against. The build targets Java 21,
 * so these checks run where the build's JDK has it (the project's JDK 25) and are skipped on an older one.
 */
final class JdkMlDsa {

    private JdkMlDsa() {
    }

    static void assumeAvailable() {
        Assumptions.assumeTrue(Security.getProviders("Signature.ML-DSA") != null, "this JDK has no ML-DSA");
    }
}
