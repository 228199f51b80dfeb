package org.splicelab.hunt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.splicelab.protocols.KernelModel;

/** A hunt is an ordinary JUnit test: N schedules, and a finding fails it with the replay file's path. */
class HuntAsJUnitTest {
    @Test
    @Timeout(60)
    void shouldFindNoRaceInTheCorrectSteal() {
        HuntAssertions.assertNothingFound(new RacyStealTarget.Safe(), Hunter.Options.of(KernelModel.LINUX, 500, 42));
    }

    @Test
    @Timeout(60)
    void shouldFailWithTheReplayPathWhenTheHuntFindsSomething() {
        final AssertionError e = assertThrows(AssertionError.class, () ->
            HuntAssertions.assertNothingFound(new RacyStealTarget(), Hunter.Options.of(KernelModel.LINUX, 500, 42)));
        System.out.println(e.getMessage());
        final Matcher m = Pattern.compile("replay: \\./splicelab replay (\\S+)").matcher(e.getMessage());
        assertTrue(m.find(), e.getMessage());
        assertTrue(Files.exists(Path.of(m.group(1))), m.group(1));
        assertTrue(e.getMessage().contains("violation(stolen-while-shared)"), e.getMessage());
    }
}
