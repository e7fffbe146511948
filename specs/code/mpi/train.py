"""One process per GPU under mpirun (placeholder model)."""

import os


def main() -> None:
    rank = os.environ.get("OMPI_COMM_WORLD_RANK", "0")
    size = os.environ.get("OMPI_COMM_WORLD_SIZE", "1")
    print(f"process {rank} of {size}")


if __name__ == "__main__":
    main()
