package io.citadel.storage;

class InMemoryStorageTest extends StorageContract {

    @Override
    protected Storage openStorage() {
        return new InMemoryStorage();
    }
}
