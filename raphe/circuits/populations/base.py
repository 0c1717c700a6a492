"""The shared membrane model of every population, as a Brian2 equation string.

Conductance-based leaky integrate-and-fire neuron with a spike-triggered
after-hyperpolarisation (AHP) conductance, a constant pacemaker/drive current,
excitatory and inhibitory synaptic conductances, receptor-driven currents and
white membrane noise. Pacemaking (DRN, VTA, LC) arises from a suprathreshold
drive opposed by a slow AHP: the AHP decays until threshold is reached again,
which gives slow, regular firing (Vandermaelen & Aghajanian 1983 Brain Res
289:109: AHP 10-20 mV lasting 200-800 ms) [R].

Background synaptic input (rate ``rate_bg`` of events of size ``w_bg``)
enters as its mean conductance ``rate*w*tau_e``; its fluctuations, with
intrinsic channel noise, are the white membrane noise of amplitude
``sigma`` (an effective-noise reduction of the point-conductance model of
Destexhe et al. 2001 Neuroscience 107:13 [R2]). One random number per neuron
and step keeps the update cheap. All populations share these equations and are
built as subgroups of one Brian2 ``NeuronGroup``.
"""

from __future__ import annotations

import brian2

MEMBRANE = """
dv/dt = (gL*(EL - v) + ge*(Ee - v) + gi*(Ei - v) + gahp*(EK - v) + I_drive + I_receptors)/Cm + sigma*sqrt(2*gL/Cm)*xi : volt (unless refractory)
dge/dt = -ge/tau_e + rate_bg*w_bg : siemens
dgi/dt = -gi/tau_i : siemens
dgahp/dt = -gahp/tau_ahp : siemens
Cm : farad (constant)
gL : siemens (constant)
EL : volt (constant)
v_th : volt
v_reset : volt (constant)
delta_ahp : siemens (constant)
tau_ahp : second (constant)
I_drive : amp (constant)
sigma : volt (constant)
t_ref : second (constant)
rate_bg : hertz (constant)
w_bg : siemens (constant)
"""

#: membrane parameters, their units (as examples), for validation
PARAM_UNITS = {
    "Cm": brian2.pF, "gL": brian2.nS, "EL": brian2.mV, "v_th": brian2.mV,
    "v_reset": brian2.mV, "delta_ahp": brian2.nS, "tau_ahp": brian2.ms,
    "I_drive": brian2.pA, "sigma": brian2.mV, "refractory": brian2.ms,
}

#: constants shared by all populations (namespace of every group)
SHARED = {
    "Ee": 0 * brian2.mV,      # AMPA reversal [R2]
    "Ei": -80 * brian2.mV,    # GABA-A reversal [R2]
    "EK": -90 * brian2.mV,    # K+ reversal [R2]
    "tau_e": 5 * brian2.ms,   # AMPA decay [R2]
    "tau_i": 10 * brian2.ms,  # GABA-A decay [R2]
}
