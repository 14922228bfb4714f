import Testing

@testable import TandemReports
