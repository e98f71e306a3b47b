package io.citadel.storage.schedule;

import io.citadel.storage.InMemoryStorage;
import io.citadel.storage.Storage;

class InMemorySchedulerTest extends SchedulerContract {

    @Override
    protected Storage openStorage() {
        return new InMemoryStorage();
    }
}
