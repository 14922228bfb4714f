/// Prescriber reports.
public enum TandemReports {}
