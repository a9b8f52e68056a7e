"""The seven decision agents. Each reads the world (frozen during the decide phase: agents write only
their own choice attributes) and picks an option by logit over expected utility."""

from .china import China
from .domestic import ROKOpposition
from .dprk import DPRK
from .nato import NATOEurope
from .rok import ROKGovernment
from .russia import Russia
from .us import USGovernment

__all__ = ["ROKGovernment", "ROKOpposition", "USGovernment", "Russia", "DPRK", "China", "NATOEurope"]
