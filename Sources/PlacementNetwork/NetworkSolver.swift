public enum NetworkSolver {}
