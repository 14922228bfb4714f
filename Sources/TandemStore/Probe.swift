import GRDB
public enum StoreProbe {}
