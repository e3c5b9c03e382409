# Stubs of the native module; the public API is in __init__.py.
from typing import List, Optional, Sequence, Tuple, Union

__version__: str

class BoilerlintError(Exception): ...

_Edit = Tuple[int, int, int, int, str]
_Finding = Tuple[
    str, str, str, str, int, int, int, int, int, int, int, Optional[str], float,
    Optional[Tuple[str, List[_Edit]]],
]

class Engine:
    warnings: List[str]
    threads: int
    def __init__(
        self,
        *,
        select: Union[str, Sequence[str], None] = None,
        extend_select: Union[str, Sequence[str], None] = None,
        ignore: Union[str, Sequence[str], None] = None,
        config: Optional[str] = None,
        isolated: bool = False,
        plugins: Optional[Sequence[str]] = None,
        no_default_plugins: bool = False,
        allow_panic_abort: bool = False,
        threads: Optional[int] = None,
        exe_dir: Optional[str] = None,
    ) -> None: ...
    def rules(self) -> List[Tuple[str, str, str, str, str]]: ...
    def check(self, text: str, path: Optional[str] = None) -> List[_Finding]: ...
    def check_batch(
        self, texts: List[str], paths: Optional[List[Optional[str]]] = None
    ) -> List[List[_Finding]]: ...
    def fix(self, text: str, unsafe_fixes: bool = False, path: Optional[str] = None) -> str: ...
    def fix_batch(
        self,
        texts: List[str],
        unsafe_fixes: bool = False,
        paths: Optional[List[Optional[str]]] = None,
    ) -> List[str]: ...
